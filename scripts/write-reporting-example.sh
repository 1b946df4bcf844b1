#!/usr/bin/env bash
# Writes the example report (report.md, report.html, figures/*.svg) into OUT_DIR (default docs/reporting-example).
#
#   scripts/write-reporting-example.sh [OUT_DIR]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out=${1:-docs/reporting-example}
dotnet run scripts/write-reporting-example.cs -- "$out"
