#!/usr/bin/env bash
# A user's path, checked end to end: packs every package and the tool into a local folder feed, then, in a folder outside
# the repository and with a NuGet package folder of its own (so nothing comes from the source tree or an older build):
#   1. a new console project takes the SliceMoE package from the feed and trains a MoE layer for a few steps;
#   2. `dotnet tool install` puts the slicemoe tool into a tool path; `slicemoe --version` and a tiny `train` run.
#
#   scripts/package-check.sh            # prints what it does; exits non-zero on the first failure
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version=$(dotnet msbuild "$root/src/SliceMoE.Core/SliceMoE.Core.csproj" -getProperty:Version)
work=$(mktemp -d /tmp/slicemoe-package-check-XXXXXX)
trap 'rm -rf "$work"' EXIT
feed="$work/feed"
export NUGET_PACKAGES="$work/nuget-packages"

echo "== pack $version into $feed"
dotnet pack "$root/SliceMoE.slnx" -c Release -o "$feed" --nologo -v quiet -clp:"ErrorsOnly;NoSummary"
for p in SliceMoE.Core SliceMoE SliceMoE.Models SliceMoE.Text SliceMoE.Data SliceMoE.Evaluation SliceMoE.Training SliceMoE.Reporting SliceMoE.Cli; do
  for ext in nupkg snupkg; do
    [ -s "$feed/$p.$version.$ext" ] || { echo "error: $feed/$p.$version.$ext was not made" >&2; exit 1; }
  done
done
ls "$feed"

# The feed first, then the sources the repository restores from (for the packages' own dependencies).
cat > "$work/nuget.config" <<CONFIG
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$feed" />
$(sed -n 's/^\( *<add key=.*\)$/\1/p' "$root/nuget.config")
  </packageSources>
</configuration>
CONFIG

echo "== a console project outside the tree, using the SliceMoE package"
app="$work/app"
mkdir -p "$app"
cp "$root/scripts/package-check/Program.cs" "$root/scripts/package-check/PackageCheck.csproj" "$app/"
cp "$work/nuget.config" "$app/"
(cd "$app" && dotnet build -c Release -p:SliceMoEVersion="$version" --nologo -v quiet -clp:"ErrorsOnly;NoSummary")
# The layer must come from the feed as a package, not from a project in the source tree.
grep -q "\"SliceMoE/$version\"" "$app/obj/project.assets.json" && grep -q "\"SliceMoE.Core/$version\"" "$app/obj/project.assets.json"
if grep -q "$root/src" "$app/obj/project.assets.json"; then
  echo "error: the console project resolved something from $root/src" >&2
  exit 1
fi
(cd "$app" && dotnet bin/Release/net10.0/PackageCheck.dll)

echo "== the slicemoe tool from the feed"
tools="$work/tools"
(cd "$work" && dotnet tool install SliceMoE.Cli --version "$version" --tool-path "$tools" --configfile "$work/nuget.config")
printed=$("$tools/slicemoe" --version)
echo "slicemoe --version: $printed"
case "$printed" in
  "$version"|"$version+"*) ;;
  *) echo "error: slicemoe --version printed '$printed', expected $version" >&2; exit 1 ;;
esac
run="$work/run"
(cd "$work" && "$tools/slicemoe" train --plain --task=classification --dataset=sample --dim=32 --layers=1 --heads=2 \
  --slices=4 --experts=4 --top_k=2 --router_hidden=16 --max_length=24 --batch_size=16 --steps=6 --eval_every=3 \
  --log_every=2 --checkpoint_every=0 --max_train_examples=200 --max_eval_examples=32 --out="$run")
for f in config.json metrics.jsonl summary.json checkpoint.safetensors; do
  [ -s "$run/$f" ] || { echo "error: the tool's train run wrote no $f" >&2; exit 1; }
done
echo "package check: PASS"
