using Cni.Plugins;

namespace Cni.Cli;

/// <summary>
/// <c>cni install DIR</c>: one entry per plugin name, each a hard link, symbolic link or copy of this binary, and
/// optionally a default network config. Everything is planned first; nothing changes when anything is refused.
/// </summary>
internal static class Installer
{
    public const int Refused = 3;
    private const int Failed = 1;
    private const int UsageError = 2;

    public static int Run(string[] args)
    {
        var (o, error) = InstallOptions.Parse(args);
        if (o is null)
        {
            Console.Error.WriteLine("cni install: " + error);
            Console.Error.Write(Usage);
            return UsageError;
        }
        if (o.Help)
        {
            Console.Out.Write(Usage);
            return 0;
        }
        try
        {
            return Install(o);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Cni.Linux.LinuxException)
        {
            Console.Error.WriteLine("cni install: " + e.Message);
            return Failed;
        }
    }

    private static int Install(InstallOptions o)
    {
        var self = Environment.ProcessPath ?? throw new IOException("cannot tell where this binary is");
        var binaries = new BinaryEntries(self, o.Link);
        var steps = PluginTable.All.Where(e => e.InstalledByDefault || o.WithTestPlugins).Select(e => e.Name).Append("cnitool")
            .Select(name => binaries.Plan(Path.Combine(o.Dir, name)))
            .ToList();
        if (o.Conf is not null)
        {
            steps.Add(ConfigStep.Plan(Path.Combine(o.ConfDir, DefaultConflist.FileName(o.Conf)), o.Conf, o.Subnets));
        }

        var refused = steps.Where(s => s.Action == InstallAction.Replace && !s.Ours).ToList();
        foreach (var s in steps.Where(s => o.DryRun || s.Action != InstallAction.Unchanged))
        {
            var action = s.Action == InstallAction.Replace && !s.Ours && !o.Force ? "refuse" : s.Action.ToString().ToLowerInvariant();
            Console.Out.WriteLine($"{action} {s.Path}");
        }
        if (refused.Count > 0 && !o.Force)
        {
            Console.Error.WriteLine($"cni install: not replacing {refused.Count} file(s) that are not this binary or its config: "
                                    + string.Join(", ", refused.Select(s => s.Path)) + " (--force replaces them)");
            return Refused;
        }
        if (o.DryRun)
        {
            return 0;
        }
        Directory.CreateDirectory(o.Dir);
        if (o.Conf is not null)
        {
            Directory.CreateDirectory(o.ConfDir);
        }
        foreach (var s in steps.Where(s => s.Action != InstallAction.Unchanged))
        {
            s.Apply();
        }
        return 0;
    }

    public const string Usage = """
        usage: cni install DIR [options]
          Lays out one entry per plugin name (and cnitool) in DIR. Each entry is made beside its target and renamed
          over it, so a runtime executing a plugin at that moment runs either the old file or the new one.
          Entries already up to date are left alone.

          --link=hard|sym|copy   how each entry refers to this binary (default hard; hard falls back to copy
                                 across file systems)
          --with-test-plugins    also the test plugins (noop, ...)
          --force, -f            replace files that are not this binary, a link to it, or an earlier cni build
          --dry-run, -n          print what would be done to every entry (create, replace, unchanged, refuse)
                                 and change nothing; without it only the changes are printed
          --conf NAME            also write a default network config: bridge (bridge + host-local + portmap) or
                                 ptp (ptp + host-local + portmap), as CONF_DIR/10-cni-NAME.conflist (mode 0644,
                                 written to a temporary file and renamed); an existing different file is replaced
                                 only with --force
          --conf-dir DIR         where the config goes (default /etc/cni/net.d)
          --subnet CIDR          the network's subnet; repeat for dual stack (default: the subnets of the existing
                                 file, else the first of 10.88.0.0/16 ... 10.99.0.0/16 not used on this host)
          --help, -h             this text

        exit status: 0 done (or nothing to do), 1 a file operation failed, 2 bad command line,
                     3 refused to replace foreign files (nothing was changed)

        """;
}
