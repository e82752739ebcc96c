#!/usr/bin/env bash
# Builds the SharpFuzz harness, instruments Distill.Core.dll and runs AFL++ on the ELF reader.
# Usage: fuzz/run.sh [SECONDS] [WORKDIR]    (defaults: 1800 s, /tmp/distill-fuzz)
# Needs: afl++ (Debian package), the SharpFuzz.CommandLine 2.3.0 dotnet tool (sharpfuzz on PATH).
set -euo pipefail
seconds="${1:-1800}"
work="${2:-/tmp/distill-fuzz}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
export PATH="$PATH:$HOME/.dotnet/tools"

rm -rf "$work/out"
mkdir -p "$work"
dotnet publish "$repo/fuzz/Distill.Fuzz" -c Release -o "$work/out" --nologo -v q
# Only our own assembly is instrumented: runtime assemblies are mixed-mode and give AFL no coverage.
sharpfuzz "$work/out/Distill.Core.dll"

# FUZZ_INPUT: another seed directory, e.g. the queue of an earlier campaign.
input="${FUZZ_INPUT:-$repo/tests/Distill.Tests/Inspect/FuzzCorpus}"
# Resume a previous campaign in the same WORKDIR instead of restarting from the seeds.
if [ -d "$work/findings/default/queue" ]; then input="-"; fi

AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1 \
  nice -n 10 afl-fuzz -i "$input" -o "$work/findings" -t 5000 -m none -V "$seconds" \
  -- dotnet "$work/out/Distill.Fuzz.dll"

stats="$work/findings/default/fuzzer_stats"
grep -E '^(execs_done|execs_per_sec|saved_crashes|saved_hangs|unique_crashes|unique_hangs|run_time|corpus_count)' "$stats" || true
