namespace Cni.Deploy.Tests;

/// <summary>deploy/Containerfile: what it copies exists after scripts/build.sh, and its base can run the binary.</summary>
public sealed class ContainerfileTests
{
    private static readonly string[] Lines = File.ReadAllLines(Repo.Deploy("Containerfile"));

    [Fact]
    public void Every_COPY_source_exists_in_the_build_context_after_the_build()
    {
        var copies = Lines.Where(l => l.StartsWith("COPY ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(copies);
        foreach (var line in copies)
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(3, parts.Length);
            var source = Path.Combine(Repo.Root, parts[1]);
            Assert.True(File.Exists(source), $"{parts[1]} (COPY in deploy/Containerfile) is missing: run scripts/build.sh first");
        }
        Assert.Contains("COPY artifacts/bin/cni /usr/local/bin/cni", Lines);
    }

    [Fact]
    public void The_DaemonSet_runs_the_paths_the_image_has()
    {
        var manifest = File.ReadAllText(Repo.Deploy("cni-dotnet-daemonset.yaml"));
        Assert.Contains("cp /usr/local/bin/cni ", manifest);
        Assert.Contains("install /host/opt/cni/bin --force --conf bridge", manifest);
        // /bin/sh, cp, mv and sleep come from the base image, so it cannot be scratch.
        Assert.Contains("/bin/sleep", manifest);
        Assert.Contains("/bin/sh", manifest);
        Assert.DoesNotContain(Lines, l => l.Trim() == "FROM scratch");
    }

    [Fact]
    public void A_dynamically_linked_binary_gets_a_glibc_base()
    {
        var binary = Path.Combine(Repo.Root, "artifacts", "bin", "cni");
        Assert.True(File.Exists(binary), "artifacts/bin/cni is missing: run scripts/build.sh first");
        var from = Assert.Single(Lines, l => l.StartsWith("FROM ", StringComparison.Ordinal));
        if (HasInterpreter(binary))
        {
            // NativeAOT links glibc dynamically: the base must carry glibc (Debian 12 has 2.36).
            Assert.Contains("debian:12", from);
        }
    }

    // An ELF program header of type PT_INTERP (3) means the binary needs the dynamic loader (and libc).
    private static bool HasInterpreter(string path)
    {
        using var f = File.OpenRead(path);
        var header = new byte[64];
        f.ReadExactly(header);
        Assert.True(header[0] == 0x7f && header[1] == (byte)'E' && header[2] == (byte)'L' && header[3] == (byte)'F' && header[4] == 2, "not a 64-bit ELF file");
        var phoff = BitConverter.ToInt64(header, 0x20);
        var phentsize = BitConverter.ToUInt16(header, 0x36);
        var phnum = BitConverter.ToUInt16(header, 0x38);
        var entry = new byte[phentsize];
        for (var i = 0; i < phnum; i++)
        {
            f.Position = phoff + (i * phentsize);
            f.ReadExactly(entry);
            if (BitConverter.ToUInt32(entry, 0) == 3) return true;
        }
        return false;
    }
}
