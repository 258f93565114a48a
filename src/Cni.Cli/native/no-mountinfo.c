/*
 * Linked into the executable with -Wl,--wrap=fopen64 (Cni.Cli.csproj): the .NET runtime's cgroup detection reads
 * /proc/self/mountinfo twice at every start (the GC's memory limit and the CPU quota). The kernel formats every mount
 * of the host for it, and a host with many pods has many (each network namespace is a mount under /run/netns): at
 * 230 pods that is ~1 ms of CPU per process, paid by each plugin of a chain. A plugin lives for milliseconds and
 * allocates a few MB, so a cgroup memory limit or CPU quota changes nothing for it; the runtime is told the file is
 * not there and runs as it does outside cgroups. Every other file opens as usual.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

FILE *__real_fopen64(const char *path, const char *mode);

FILE *__wrap_fopen64(const char *path, const char *mode)
{
    if (strcmp(path, "/proc/self/mountinfo") == 0)
    {
        errno = ENOENT;
        return NULL;
    }
    return __real_fopen64(path, mode);
}
