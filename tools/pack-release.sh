#!/bin/sh
# Packs the library and the tool for a release into OUT (default: feed). The tool goes out as one ReadyToRun
# (precompiled) package per platform plus a framework-dependent "any" package, under a pointer package that
# `dotnet tool install` resolves to the caller's platform. Restoring fetches each platform's runtime packs once
# (about 175 MB a platform), which is why the plain `dotnet pack` of the README and the tests leaves this out.
# Usage: tools/pack-release.sh [OUT]
set -eu
cd "$(dirname "$0")/.."
out=${1:-feed}
dotnet pack src/Warble -c Release -o "$out"
dotnet pack src/Warble.Cli -c Release -o "$out" -p:ReadyToRunTool=true
