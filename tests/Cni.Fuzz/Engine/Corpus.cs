namespace Cni.Fuzz.Engine;

/// <summary>The seed inputs of a target: every file under <c>Corpus/&lt;target&gt;/</c> next to the test binary.</summary>
internal static class Corpus
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "Corpus");

    public static List<byte[]> Load(string target)
    {
        var dir = Path.Combine(Root, target);
        var seeds = Directory.Exists(dir)
            ? Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(ReadSeed).ToList()
            : [];
        return seeds.Count > 0 ? seeds : throw new InvalidOperationException($"no seeds for fuzz target {target} in {dir}");
    }

    // Binary seeds (netlink, DHCP) are stored as hex text so that they can be read and diffed.
    private static byte[] ReadSeed(string path) => path.EndsWith(".hex", StringComparison.Ordinal)
        ? Convert.FromHexString(string.Concat(File.ReadAllText(path).Where(char.IsAsciiHexDigit)))
        : File.ReadAllBytes(path);
}
