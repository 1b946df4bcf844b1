#!/usr/bin/env bash
# Writes the example report (report.md, report.html, figures/*.svg) into OUT_DIR (default docs/reporting-example);
# the example is tools/reporting-example/ReportingExample.cs.
#
#   scripts/write-reporting-example.sh [OUT_DIR]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out=${1:-docs/reporting-example}
dotnet run --project tools/reporting-example -c Release -- "$out"
