using System.Text;
using System.Text.RegularExpressions;

namespace Cni.Deploy.Tests;

/// <summary>
/// docs/plugins covers every plugin in PluginTable, each page's JSON examples load with the runtime library, links
/// resolve, and the guides show the samples' code as it is in samples/ (which the build compiles).
/// </summary>
public sealed partial class DocsTests
{
    private static readonly string Docs = Path.Combine(Repo.Root, "docs");

    [GeneratedRegex("""new\("([a-z-]+)", PluginKind\.(Main|Ipam|Meta)""")]
    private static partial Regex TableEntry();

    [GeneratedRegex("```json\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();

    [GeneratedRegex(@"\]\(([^)#\s]+)(#[^)]*)?\)")]
    private static partial Regex Link();

    private static IReadOnlyList<string> ShippedPlugins()
    {
        var table = File.ReadAllText(Path.Combine(Repo.Root, "src", "Cni.Plugins", "PluginTable.cs"));
        var names = TableEntry().Matches(table).Select(m => m.Groups[1].Value).ToList();
        Assert.True(names.Count >= 19, $"PluginTable.cs lists {names.Count} shipped plugins: the pattern no longer matches it");
        return names;
    }

    [Fact]
    public void Every_shipped_plugin_has_a_page_with_every_section_and_an_index_entry()
    {
        var index = File.ReadAllText(Path.Combine(Docs, "plugins", "README.md"));
        foreach (var name in ShippedPlugins())
        {
            var page = Path.Combine(Docs, "plugins", name + ".md");
            Assert.True(File.Exists(page), $"docs/plugins/{name}.md is missing");
            var text = File.ReadAllText(page);
            Assert.StartsWith("# " + name + "\n", text);
            foreach (var section in new[] { "## Options", "## Capabilities and CNI_ARGS", "## Example", "## What it creates", "## Differences from Go" })
            {
                Assert.True(text.Contains(section, StringComparison.Ordinal), $"docs/plugins/{name}.md has no \"{section}\" section");
            }
            Assert.Contains($"]({name}.md)", index);
        }
    }

    [Fact]
    public void Every_example_in_the_plugin_pages_loads_with_Cni_Runtime()
    {
        var count = 0;
        foreach (var page in Directory.GetFiles(Path.Combine(Docs, "plugins"), "*.md"))
        {
            foreach (Match m in JsonBlock().Matches(File.ReadAllText(page)))
            {
                var block = m.Groups[1].Value.Trim();
                // A fragment ("ipam": {...}) is checked inside a minimal plugin config.
                var json = block.StartsWith('{') ? block : "{ \"cniVersion\": \"1.1.0\", \"name\": \"doc\", \"type\": \"bridge\", " + block + " }";
                var bytes = Encoding.UTF8.GetBytes(json);
                try
                {
                    if (json.Contains("\"plugins\"", StringComparison.Ordinal))
                    {
                        Assert.NotEmpty(NetworkConfigList.Parse(bytes).Plugins);
                    }
                    else
                    {
                        Assert.NotEmpty(PluginConfig.Parse(bytes).Network.Type);
                    }
                }
                catch (CniException e)
                {
                    Assert.Fail($"{Path.GetFileName(page)}: example does not load ({e.Msg}):\n{block}");
                }
                count++;
            }
        }
        Assert.True(count >= 19, $"only {count} JSON examples found");
    }

    [Fact]
    public void Relative_links_in_the_new_docs_resolve()
    {
        var pages = Directory.GetFiles(Path.Combine(Docs, "plugins"), "*.md")
            .Concat(new[] { "runtime-library.md", "writing-a-plugin.md", "troubleshooting.md" }.Select(p => Path.Combine(Docs, p)))
            .Append(Repo.Deploy("README.md"));
        foreach (var page in pages)
        {
            foreach (Match m in Link().Matches(File.ReadAllText(page)))
            {
                var target = m.Groups[1].Value;
                if (target.Contains("://", StringComparison.Ordinal)) continue;
                var path = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(page)!, target));
                Assert.True(File.Exists(path) || Directory.Exists(path), $"{Path.GetFileName(page)} links to {target}, which does not exist");
            }
        }
    }

    [Theory]
    [InlineData("writing-a-plugin.md", "samples/HelloPlugin/HelloIpam.cs")]
    [InlineData("writing-a-plugin.md", "samples/HelloPlugin/Program.cs")]
    [InlineData("writing-a-plugin.md", "samples/HelloPlugin/HelloPlugin.csproj")]
    [InlineData("runtime-library.md", "samples/MiniRuntime/Lifecycle.cs")]
    [InlineData("runtime-library.md", "samples/MiniRuntime/Program.cs")]
    public void The_guides_show_the_sample_code_verbatim(string guide, string sample)
    {
        var doc = File.ReadAllText(Path.Combine(Docs, guide));
        var code = File.ReadAllText(Path.Combine(Repo.Root, sample)).TrimEnd('\n');
        Assert.True(doc.Contains(code, StringComparison.Ordinal), $"docs/{guide} does not contain {sample} as it is: update the guide");
    }
}
