namespace Cni.Cli;

/// <summary>What installing does to one path.</summary>
internal enum InstallAction
{
    Create,
    Replace,
    Unchanged,
}

/// <summary>One planned change: the target, what happens to it, whether what is there now is ours to replace, and how.</summary>
internal sealed record InstallStep(string Path, InstallAction Action, bool Ours, Action Apply);
