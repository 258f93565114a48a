using System.Runtime.CompilerServices;

// The IPAM allocation and store logic is internal; its unit tests exercise it directly.
[assembly: InternalsVisibleTo("Cni.Plugins.Tests")]
[assembly: InternalsVisibleTo("Cni.Fuzz")]
