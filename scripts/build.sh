#!/usr/bin/env bash
# Builds everything and publishes the NativeAOT multi-call binary to artifacts/bin/cni.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build Cni.sln -c Release --nologo -v quiet
dotnet publish src/Cni.Cli -c Release -o artifacts/bin --nologo -v quiet
dotnet publish tests/Cni.Linux.VmTests -c Release -o artifacts/vmtests --nologo -v quiet
rm -f artifacts/bin/Cni.Cli artifacts/bin/Cni.Cli.dbg
echo "built $(pwd)/artifacts/bin/cni ($(stat -c %s artifacts/bin/cni) bytes)"
