namespace Cni.Plugins.Ipam.HostLocal;

/// <summary>Go's host-local <c>parseResolvConf</c>: <c>nameserver</c>, <c>domain</c>, <c>search</c> and <c>options</c> lines.</summary>
internal static class ResolvConf
{
    public static Dns Parse(string text)
    {
        List<string>? nameservers = null, search = null, options = null;
        string? domain = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }
            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 2)
            {
                continue;
            }
            switch (fields[0])
            {
                case "nameserver":
                    (nameservers ??= []).Add(fields[1]);
                    break;
                case "domain":
                    domain = fields[1];
                    break;
                case "search":
                    (search ??= []).AddRange(fields[1..]);
                    break;
                case "options":
                    (options ??= []).AddRange(fields[1..]);
                    break;
            }
        }
        return new Dns { Nameservers = nameservers, Domain = domain, Search = search, Options = options };
    }
}
