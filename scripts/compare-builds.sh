#!/usr/bin/env bash
# Is one commit's layer slower than another's? Builds BASE's and HEAD's slicemoe command (HEAD: a commit, or '.' for
# this working tree) side by side and runs `bench layer --json` with each in turn, ROUNDS times (the order flips every
# round), so a slow spell of a shared machine falls on both. Prints, per layer, pass and shape, the median tokens/s of
# each and their ratio (HEAD / BASE).
#
#   scripts/compare-builds.sh BASE HEAD [ROUNDS] [SHAPES...]     # e.g. scripts/compare-builds.sh 93aa8b1 main 6 768x4096 256x4096
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
base=${1:?usage: $0 BASE HEAD [ROUNDS] [SHAPES...]}
head=${2:?usage: $0 BASE HEAD [ROUNDS] [SHAPES...]}
rounds=${3:-6}
shift $(( $# >= 3 ? 3 : 2 ))
shapes=("$@")
[ ${#shapes[@]} -gt 0 ] || shapes=(768x4096 256x4096)
work=$(mktemp -d /tmp/slicemoe-compare-XXXXXX)
trap 'for t in base-tree head-tree; do git -C "$root" worktree remove --force "$work/$t" >/dev/null 2>&1 || true; done; rm -rf "$work"' EXIT

git -C "$root" worktree add --detach "$work/base-tree" "$base" >/dev/null
if [ "$head" = . ]; then head_tree=$root; else git -C "$root" worktree add --detach "$work/head-tree" "$head" >/dev/null; head_tree=$work/head-tree; fi
for side in base head; do
  src=$([ "$side" = base ] && echo "$work/base-tree" || echo "$head_tree")
  dotnet build "$src/src/SliceMoE.Cli/SliceMoE.Cli.csproj" -c Release -o "$work/$side" --nologo -v quiet -clp:"ErrorsOnly;NoSummary" >&2
done

for ((r = 0; r < rounds; r++)); do
  order=(base head)
  [ $((r % 2)) -eq 1 ] && order=(head base)
  for side in "${order[@]}"; do
    dotnet "$work/$side/SliceMoE.Cli.dll" bench layer --json --shapes "${shapes[@]}" | sed "s/^/$side /" >> "$work/results.txt"
  done
  echo "round $((r + 1))/$rounds done" >&2
done

python3 - "$work/results.txt" "$base" "$head" <<'PY'
import json, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    side, _, text = line.partition(' ')
    m = json.loads(text)
    rows.setdefault((m['layer'], m['pass'], m['d'], m['n']), {}).setdefault(side, []).append(m['tokens_per_s'])
print(f"{'layer':9} {'pass':7} {'d':>4} {'N':>6} {'base tok/s':>11} {'head tok/s':>11} {'head/base':>9}   (base = {sys.argv[2]}, head = {sys.argv[3]}, medians of the rounds)")
for (layer, p, d, n), v in sorted(rows.items()):
    b, h = statistics.median(v['base']), statistics.median(v['head'])
    print(f"{layer:9} {p:7} {d:4} {n:6} {b:11.0f} {h:11.0f} {h / b:9.3f}")
PY
