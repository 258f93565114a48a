using Cni.Plugins;

namespace Cni.Cli;

/// <summary><c>cni install DIR</c>: one entry per plugin name, each a hard link, symbolic link or copy of this binary.</summary>
internal static class Installer
{
    public static int Run(string[] args)
    {
        string? dir = null;
        string mode = "hard";
        bool withTest = false;
        foreach (var a in args)
        {
            if (a.StartsWith("--link=", StringComparison.Ordinal)) mode = a["--link=".Length..];
            else if (a == "--with-test-plugins") withTest = true;
            else if (dir is null && !a.StartsWith('-')) dir = a;
            else return Fail($"unexpected argument \"{a}\"");
        }
        if (dir is null) return Fail("missing DIR");
        if (mode is not ("hard" or "sym" or "copy")) return Fail($"--link must be hard, sym or copy, not \"{mode}\"");
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell where this binary is");
        Directory.CreateDirectory(dir);
        foreach (var entry in PluginTable.All.Where(e => e.InstalledByDefault || withTest))
        {
            Place(self, Path.Combine(dir, entry.Name), mode);
        }
        Place(self, Path.Combine(dir, "cnitool"), mode);
        return 0;
    }

    // Each entry is made beside the target and renamed over it, so a runtime never execs a half-written file.
    private static void Place(string self, string target, string mode)
    {
        var temp = target + ".cni-new";
        File.Delete(temp);
        if (mode == "sym" || (mode == "hard" && !TryHardLink(self, temp)))
        {
            if (mode == "hard")
            {
                File.Copy(self, temp);
            }
            else
            {
                File.CreateSymbolicLink(temp, Path.GetFullPath(self));
            }
        }
        else if (mode == "copy")
        {
            File.Copy(self, temp);
        }
        File.Move(temp, target, overwrite: true);
    }

    private static bool TryHardLink(string source, string link) => Cni.Linux.Files.HardLink(source, link);

    private static int Fail(string why)
    {
        Console.Error.WriteLine("cni install: " + why);
        return 2;
    }
}
