using Cni.Plugins;

namespace Cni.Cli;

/// <summary>What <c>cni</c> does when started under its own name: list, install, or run a plugin by name.</summary>
internal static class Commands
{
    public static int Run(string[] args)
    {
        if (args.Length == 0)
        {
            return List();
        }
        switch (args[0])
        {
            case "install":
                return Installer.Run(args[1..]);
            case "cnitool":
                return Cni.Tool.CniTool.Run(args[1..]);
            case "-h" or "--help" or "help":
                Console.Out.Write(Usage);
                return 0;
            case "--version" or "version":
                Console.Out.WriteLine($"cni {Cni.Plugin.PluginBuild.Version} (CNI spec {SpecVersions.Current})");
                return 0;
        }
        if (PluginTable.Find(args[0]) is { } plugin)
        {
            return PluginHost.Run(plugin, args[1..]);
        }
        Console.Error.WriteLine($"cni: unknown plugin or command \"{args[0]}\"");
        Console.Error.Write(Usage);
        return 2;
    }

    private static int List()
    {
        Console.Out.WriteLine($"cni {Cni.Plugin.PluginBuild.Version}: CNI plugins in one binary (spec {SpecVersions.Current})");
        foreach (var e in PluginTable.All)
        {
            var plugin = e.Create();
            Console.Out.WriteLine($"  {e.Name,-12} {e.Kind.ToString().ToLowerInvariant(),-5} {string.Join(",", plugin.SupportedVersions)}");
        }
        return 0;
    }

    private const string Usage = """
        usage:
          cni                                   list the plugins in this binary
          cni install DIR [--link=hard|sym|copy] [--with-test-plugins] [--force] [--dry-run]
                          [--conf bridge|ptp [--conf-dir DIR] [--subnet CIDR]]
                                                lay out one entry per plugin name in DIR
                                                (cni install --help for the details)
          cni <plugin>                          run a plugin (normally started by its file name)
          cni cnitool ...                       the runtime's view (also when started as cnitool)

        """;
}
