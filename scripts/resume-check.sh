#!/usr/bin/env bash
# kill -9 in the middle of training, then --resume: the result must be bit-identical to an uninterrupted run.
#
# Trains the same short config twice: A uninterrupted; B in the background, killed with SIGKILL a few steps after
# its first checkpoint (so the metrics log runs past the checkpoint and must be cut back), then resumed from that
# checkpoint. Compares the final training loss (the text JSON writes, shortest round-trip, so equal text = equal
# bits), every metrics.jsonl line but the two time measurements (tokens_per_s, elapsed_s), and a SHA-256 of the
# final parameters (slicemoe eval --json). Exit 0 when all match, 1 (with what differs) otherwise. Takes < 1 min.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
slicemoe="$root/slicemoe"

work="$(mktemp -d "${TMPDIR:-/tmp}/slicemoe-resume-check.XXXXXX")"
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

fail() { echo "resume-check: FAIL: $*" >&2; exit 1; }

# ~0.1 s a step on 2 cores: slow enough to kill between checkpoints, short enough for CI. Evaluations every 25 steps
# put validation lines into the stretch that the kill makes B redo.
config=(--dataset=sample --dim=128 --layers=2 --heads=4 --slices=8 --experts=8 --top_k=2 --router_hidden=64 --max_length=32
        --vocabulary_size=3000 --batch_size=32 --steps=120 --warmup_steps=10 --log_every=1 --eval_every=25
        --checkpoint_every=20 --max_eval_examples=200 --seed=7)
checkpoint_step=20     # B is killed after this checkpoint...
kill_after_step=27     # ...once its metrics log has reached this step

"$slicemoe" --help >/dev/null   # build once (Release), outside the timings below

step_of_last_line() { # the step of the last complete line of a metrics.jsonl (0 when none)
  local line
  line="$(tail -n 1 "$1" 2>/dev/null || true)"
  [[ "$line" =~ \"step\":([0-9]+) ]] && echo "${BASH_REMATCH[1]}" || echo 0
}

echo "resume-check: run A (uninterrupted) ..."
"$slicemoe" train "${config[@]}" --out="$work/a" --plain >"$work/a.log" 2>&1 || { cat "$work/a.log"; fail "run A failed"; }

echo "resume-check: run B, to be killed with SIGKILL after step $kill_after_step ..."
"$slicemoe" train "${config[@]}" --out="$work/b" --plain >"$work/b1.log" 2>&1 &
pid=$!
deadline=$((SECONDS + 120))
while :; do
  kill -0 "$pid" 2>/dev/null || { cat "$work/b1.log"; fail "run B ended before it could be killed (it should run ~10 s)"; }
  [ "$SECONDS" -lt "$deadline" ] || fail "run B did not reach step $kill_after_step in 120 s"
  if [ -f "$work/b/checkpoint.safetensors" ] && [ "$(step_of_last_line "$work/b/metrics.jsonl")" -ge "$kill_after_step" ]; then
    break
  fi
  sleep 0.05
done
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
pid=""
killed_at="$(step_of_last_line "$work/b/metrics.jsonl")"
[ ! -f "$work/b/summary.json" ] || fail "run B finished before the kill landed"
echo "resume-check: killed B at step $killed_at (its last checkpoint: step $checkpoint_step); resuming ..."
"$slicemoe" train --resume "$work/b/checkpoint.safetensors" --plain >"$work/b2.log" 2>&1 || { cat "$work/b2.log"; fail "resume failed"; }
grep -q "resumed from .* at step $checkpoint_step" "$work/b2.log" || { cat "$work/b2.log"; fail "B did not resume from step $checkpoint_step"; }

final_loss() { grep '"split":"train"' "$1" | tail -n 1 | grep -o '"loss":[^,]*' | cut -d: -f2; }
timeless() { sed -E 's/,"tokens_per_s":[^,}]*//; s/,"elapsed_s":[^,}]*//' "$1"; }
sha() { "$slicemoe" eval "$1" --split test --json | grep -o '"parameters_sha256":"[0-9a-f]*"' | cut -d'"' -f4; }

loss_a="$(final_loss "$work/a/metrics.jsonl")"
loss_b="$(final_loss "$work/b/metrics.jsonl")"
[ -n "$loss_a" ] || fail "no training loss in A's metrics"
[ "$loss_a" = "$loss_b" ] || fail "final training loss differs: uninterrupted $loss_a, killed and resumed $loss_b"
if ! diff <(timeless "$work/a/metrics.jsonl") <(timeless "$work/b/metrics.jsonl") >"$work/metrics.diff"; then
  head -n 20 "$work/metrics.diff" >&2
  fail "metrics.jsonl differs (time fields aside)"
fi
sha_a="$(sha "$work/a")"
sha_b="$(sha "$work/b")"
[ -n "$sha_a" ] && [ "$sha_a" = "$sha_b" ] || fail "final parameters differ: sha256 $sha_a vs $sha_b"
lines="$(wc -l <"$work/a/metrics.jsonl")"
echo "resume-check: PASS: killed at step $killed_at, resumed from $checkpoint_step; final train loss $loss_a equal to the bit, all $lines metrics lines equal, parameters sha256 ${sha_a:0:16}… equal"
