#!/bin/sh
# Packs the libraries (Cni, Cni.Runtime, Cni.Plugin) with README, XML docs, SourceLink and .snupkg symbols
# into artifacts/packages (or $1).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/artifacts/packages}
mkdir -p "$out"
for project in Cni Cni.Runtime Cni.Plugin; do
    dotnet pack "$root/src/$project/$project.csproj" -c Release -o "$out" --nologo
done
ls -1 "$out"
