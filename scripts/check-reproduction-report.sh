#!/usr/bin/env bash
# Checks the committed reproduction report: every figure report.md links exists as an SVG, and every figure of
# report.html renders in headless Chromium (scripts/render-check.sh); refreshes the screenshot.
#
#   scripts/check-reproduction-report.sh [REPORT_DIR] [SCREENSHOT]      # defaults: docs/reproduction docs/reproduction-screenshot.png
#
# Needs Chromium (Debian: apt-get install -y chromium). The screenshot shows the top of the page (WINDOW, default
# 1400x9000: the overview, the verdicts and the first figures).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
dir=${1:-docs/reproduction}
shot=${2:-docs/reproduction-screenshot.png}

for file in report.md report.html metrics.jsonl metrics.csv curves.jsonl curves.csv; do
  if [ ! -s "$dir/$file" ]; then
    echo "error: $dir/$file is missing or empty" >&2
    exit 1
  fi
done

missing=0
linked=0
while read -r svg; do
  linked=$((linked + 1))
  if [ ! -s "$dir/$svg" ]; then
    echo "error: report.md links $svg but $dir/$svg is missing" >&2
    missing=1
  fi
done < <(grep -o 'figures/[A-Za-z0-9._-]*\.svg' "$dir/report.md" | sort -u)
on_disk=$(find "$dir/figures" -name '*.svg' | wc -l | tr -d ' ')
echo "figures linked from report.md: $linked, on disk: $on_disk"
if [ "$missing" -ne 0 ] || [ "$linked" -ne "$on_disk" ] || [ "$linked" -eq 0 ]; then
  echo "error: the report's figures and the figures folder disagree" >&2
  exit 1
fi

WINDOW=${WINDOW:-1400,9000} scripts/render-check.sh "$dir/report.html" "$shot"
