using Cni.Linux.VmTests;

// Runs every check (or those named on the command line) and exits non-zero when any failed.
Check[] all = [.. DummyChecks.All, .. IpvlanChecks.All, .. VlanChecks.All, .. VrfChecks.All, .. BridgeChecks.All];
var selected = args.Length == 0 ? all : all.Where(c => args.Contains(c.Name)).ToArray();
if (selected.Length == 0)
{
    Console.Error.WriteLine($"no check named {string.Join(", ", args)}; checks: {string.Join(", ", all.Select(c => c.Name))}");
    return 2;
}

var failed = selected.Count(check => !check.Run());
Console.WriteLine($"{selected.Length - failed} passed, {failed} failed");
return failed == 0 ? 0 : 1;
