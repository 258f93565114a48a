using System.IO.Compression;
using Cni.Tool.Tests.Integration;

namespace Cni.Tool.Tests;

/// <summary>scripts/pack.sh makes the three library packages, each with its README, XML docs and a symbol package.</summary>
[Trait("Category", "Packaging")]
public sealed class PackageTests
{
    [Fact]
    public void Pack_script_makes_packages_with_readme_and_xml_docs()
    {
        var output = Directory.CreateTempSubdirectory("cni-pack-test-").FullName;
        try
        {
            var run = Sh.Run("sh", [Path.Join(ToolBinary.RepoRoot(), "scripts", "pack.sh"), output]);
            Assert.True(run.Exit == 0, run.ToString());
            foreach (var id in new[] { "Cni", "Cni.Runtime", "Cni.Plugin" })
            {
                string[] Files(string ext) => Directory.GetFiles(output, "*." + ext)
                    .Where(f => Path.GetFileName(f).StartsWith(id + ".", StringComparison.Ordinal) && char.IsAsciiDigit(Path.GetFileName(f)[id.Length + 1]))
                    .ToArray();
                var nupkg = Assert.Single(Files("nupkg"));
                Assert.Single(Files("snupkg"));
                using var zip = ZipFile.OpenRead(nupkg);
                var names = zip.Entries.Select(e => e.FullName).ToList();
                Assert.Contains("README.md", names);
                Assert.Contains($"lib/net10.0/{id}.dll", names);
                Assert.Contains($"lib/net10.0/{id}.xml", names);
                using var nuspec = new StreamReader(zip.GetEntry($"{id}.nuspec")!.Open());
                var text = nuspec.ReadToEnd();
                Assert.Contains("<license type=\"expression\">Apache-2.0</license>", text);
                Assert.Contains("<readme>README.md</readme>", text);
                Assert.Contains("<repository type=\"git\"", text);
            }
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
