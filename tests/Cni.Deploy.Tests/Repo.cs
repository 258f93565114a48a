namespace Cni.Deploy.Tests;

/// <summary>Paths in the repository the tests read.</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Deploy(string name) => Path.Combine(Root, "deploy", name);

    public static string TestData(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", name);

    private static string FindRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Cni.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }
        return dir ?? throw new InvalidOperationException("cannot find Cni.sln above " + AppContext.BaseDirectory);
    }
}
