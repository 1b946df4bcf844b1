#!/usr/bin/env bash
# Renders a report in headless Chromium, saves a screenshot, and fails unless every figure rendered.
#
#   scripts/render-check.sh REPORT.html OUT.png
#
# report.html carries data-figures="N" on <body> (the figures written) and a small script that sets
# data-rendered="M" (the figure SVGs whose getBBox() is non-empty after layout). This script dumps the
# DOM after load and checks N = M = the number of <figure class="chart"> elements in the file.
# Needs Chromium (Debian: apt-get install -y chromium); CHROMIUM=/path overrides the binary and
# WINDOW=WIDTH,HEIGHT the viewport (default 1400,4000; the screenshot shows the viewport). FULL_PAGE=1
# makes the screenshot as tall as the page (the height the page reports in data-page-height).
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 REPORT.html OUT.png" >&2
  exit 2
fi
report=$(realpath "$1")
out=$2
window=${WINDOW:-1400,4000}

browser=${CHROMIUM:-}
if [ -z "$browser" ]; then
  for candidate in chromium chromium-browser google-chrome; do
    if command -v "$candidate" >/dev/null; then browser=$candidate; break; fi
  done
fi
if [ -z "$browser" ]; then
  echo "error: Chromium not found; install it (Debian: apt-get install -y chromium) or set CHROMIUM." >&2
  exit 1
fi

profile=$(mktemp -d)
log=$(mktemp)
trap 'rm -rf "$profile" "$log"' EXIT
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$profile")

if ! dom=$(timeout 120 "$browser" "${flags[@]}" --window-size="$window" --virtual-time-budget=5000 --dump-dom "file://$report" 2>"$log"); then
  echo "error: Chromium failed to load $report:" >&2
  tail -20 "$log" >&2
  exit 1
fi

expected=$(grep -o '<figure class="chart"' "$report" | wc -l | tr -d ' ')
body=$(grep -o '<body[^>]*>' <<<"$dom" | head -1 || true)
figures=$(sed -n 's/.*data-figures="\([0-9]*\)".*/\1/p' <<<"$body")
rendered=$(sed -n 's/.*data-rendered="\([0-9]*\)".*/\1/p' <<<"$body")
echo "figures in file: $expected, declared: ${figures:-missing}, rendered: ${rendered:-missing}"
if [ -z "$rendered" ] || [ "$figures" != "$expected" ] || [ "$rendered" != "$expected" ]; then
  echo "error: not every figure rendered (body tag: $body)" >&2
  exit 1
fi

if [ "${FULL_PAGE:-0}" = 1 ]; then
  height=$(sed -n 's/.*data-page-height="\([0-9]*\)".*/\1/p' <<<"$body")
  if [ -n "$height" ]; then window="${window%%,*},$height"; fi
fi

mkdir -p "$(dirname "$out")"
rm -f "$out"
timeout 120 "$browser" "${flags[@]}" --screenshot="$(realpath -m "$out")" --window-size="$window" "file://$report" >"$log" 2>&1 || true
if [ ! -s "$out" ]; then
  echo "error: no screenshot was written:" >&2
  tail -20 "$log" >&2
  exit 1
fi
echo "screenshot: $out"
