#!/bin/sh
# Publishes warble with NativeAOT once per x86-64 level (default: x86-64-v3 and x86-64-v4) into OUT (default
# out/warble-native) with the `warble` launcher that runs the build for the CPU it is on. Each level takes a few
# minutes to compile. Usage: tools/native/publish-native.sh [OUT] [LEVEL...]
set -eu
cd "$(dirname "$0")/../.."
out=${1:-out/warble-native}
[ $# -gt 0 ] && shift
levels=${*:-x86-64-v3 x86-64-v4}
for level in $levels; do
  dotnet publish src/Warble.Cli -c Release -r linux-x64 -p:PublishAot=true -p:IlcInstructionSet="$level" -o "$out/$level"
done
cp tools/native/warble "$out/warble"
chmod +x "$out/warble"
echo "$out/warble"
