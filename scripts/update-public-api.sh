#!/usr/bin/env bash
# Rewrites every package's PublicAPI.Unshipped.txt from its code (the PublicApiAnalyzers' RS0016 list), after a
# deliberate API change. Review the diff: it is the API change. Entries in PublicAPI.Shipped.txt (released API) are
# kept; a released symbol that was removed is reported (RS0017) and left for you to decide.
#
#   scripts/update-public-api.sh               # every package
#   scripts/update-public-api.sh SliceMoE.Data # only these packages (faster)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ $# -gt 0 ]; then
  files=(); for p in "$@"; do files+=("src/$p/PublicAPI.Unshipped.txt"); done
  targets=("${@/#/src/}")
else
  mapfile -t files < <(find src -name PublicAPI.Unshipped.txt | sort)
  targets=(SliceMoE.slnx)
fi
for f in "${files[@]}"; do printf '#nullable enable\n' > "$f"; done

log=$(mktemp)
for t in "${targets[@]}"; do
  dotnet build "$t" -c Release --no-incremental -p:TreatWarningsAsErrors=false -clp:NoSummary >> "$log" 2>&1 || true
done
for f in "${files[@]}"; do
  project="$(cd "$(dirname "$f")" && pwd)/$(basename "$(dirname "$f")").csproj"
  grep -F "[$project]" "$log" | grep -F 'warning RS0016' \
    | sed -E "s/.*Symbol '(.*)' is not part of the declared public API.*/\1/" | LC_ALL=C sort -u >> "$f"
  echo "$f: $(($(wc -l < "$f") - 1)) symbols"
done
if grep -q 'RS0017' "$log"; then
  echo "Released symbols that no longer exist (remove them from PublicAPI.Shipped.txt if that is intended):" >&2
  grep -F 'RS0017' "$log" | sed -E "s/.*Symbol '(.*)' is part of the declared API.*/  \1/" | sort -u >&2
fi
if grep -qE ' error ' "$log"; then
  grep -E ' error ' "$log" | sort -u >&2
  exit 1
fi
