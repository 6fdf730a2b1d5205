#!/usr/bin/env bash
# Compiles and lints the Bicep templates, offline. Exits non-zero on any error or
# warning from `bicep build` or `bicep lint`. CI runs: bash infra/build.sh
set -euo pipefail

infra="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
proj="$infra/Infra.proj"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

# 1. Bicep CLI from NuGet (PackageDownload in Infra.proj).
if ! dotnet restore "$proj" --nologo >"$log" 2>&1; then
  cat "$log"; echo "infra: restoring the Bicep CLI failed" >&2; exit 1
fi
bicep="$(dotnet msbuild "$proj" -nologo -getProperty:BicepPath)"
if [[ ! -f "$bicep" ]]; then
  echo "infra: Bicep CLI not found at $bicep" >&2; exit 1
fi
[[ -x "$bicep" ]] || chmod +x "$bicep"
echo "infra: $("$bicep" --version)"

# 2. Build and lint (every .bicep under infra/, offline). Diagnostics go to stderr;
#    any line of output at all counts as a failure.
count=$(find "$infra" -name '*.bicep' -not -path '*/obj/*' -not -path '*/bin/*' | wc -l)
status=0
"$bicep" build --no-restore "$infra/main.bicep" --stdout >/dev/null 2>"$log" || status=1
"$bicep" lint --no-restore --pattern "$infra/**/*.bicep" >>"$log" 2>&1 || status=1
if [[ $status -ne 0 || -s "$log" ]]; then
  awk '!seen[$0]++' "$log" >&2   # lint repeats module diagnostics per file
  echo "infra: FAILED: bicep build/lint reported the problems above" >&2
  exit 1
fi
echo "infra: main.bicep builds; lint clean on $count files"
