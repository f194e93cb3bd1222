#!/usr/bin/env bash
# Runs CI (`bash .ci/run`) several times on a fresh clone of this repository's HEAD, optionally beside CPU-bound
# processes, to show that the suite is green on an idle and on a loaded machine. Prints each run's exit code,
# duration and failing tests; keeps each run's full output in a log file. Exit 1 if any run failed.
#
# Usage: bash scripts/ci-soak.sh [--runs N] [--hogs K] [--command CMD] [--keep]
#   --runs N      how many runs, one after another (default 3)
#   --hogs K      start K processes spinning a CPU (`node -e 'for(;;){}'`) before the first run, killed at the end
#   --command CMD what to run in the clone instead of `bash .ci/run` (e.g. only the timing pass)
#   --keep        keep the clone (its node_modules take a few hundred MB) instead of removing it
# Only committed work is tested: the clone is of HEAD, without the working tree's changes.
# Each run has CI=true, as the official CI: a missing server fails instead of skipping its tests.
set -euo pipefail

runs=3
hogs=0
command='bash .ci/run'
keep=0
while (($# > 0)); do
  case "$1" in
    --runs) runs="${2:?--runs needs a number}"; shift 2 ;;
    --hogs) hogs="${2:?--hogs needs a number}"; shift 2 ;;
    --command) command="${2:?--command needs a command}"; shift 2 ;;
    --keep) keep=1; shift ;;
    -h | --help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "ci-soak: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "ci-soak: --runs must be a positive whole number, not $runs" >&2; exit 2; }
[[ "$hogs" =~ ^[0-9]+$ ]] || { echo "ci-soak: --hogs must be a whole number, not $hogs" >&2; exit 2; }

repo="$(cd "$(dirname "$0")/.." && pwd)"
head="$(git -C "$repo" rev-parse HEAD)"
work="$(mktemp -d "${TMPDIR:-/tmp}/kept-soak.XXXXXX")"
clone="$work/kept"
logs="$work/logs"
mkdir -p "$logs"

hog_pids=()
stop_hogs() {
  for pid in "${hog_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${hog_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  hog_pids=()
}
finish() {
  stop_hogs
  if ((keep == 0)); then rm -rf "$clone"; fi
}
trap finish EXIT
trap 'exit 130' INT TERM

git clone --quiet --no-hardlinks "$repo" "$clone"
git -C "$clone" checkout --quiet --detach "$head"
echo "ci-soak: $runs run(s) of '$command' on a fresh clone of ${head:0:12} in $clone"
echo "ci-soak: logs in $logs"

for ((i = 0; i < hogs; i++)); do
  node -e 'for(;;){}' &
  hog_pids+=("$!")
done
((hogs > 0)) && echo "ci-soak: $hogs CPU hog(s) running: PIDs ${hog_pids[*]}"

summary=()
failed=0
for ((run = 1; run <= runs; run++)); do
  log="$logs/run-$run.log"
  started=$(date +%s)
  set +e
  (cd "$clone" && CI=true NO_COLOR=1 bash -c "$command") >"$log" 2>&1
  code=$?
  set -e
  seconds=$(($(date +%s) - started))
  # vitest prints one " FAIL  file > suite > test" line per failing test (and per failing file); strip any colours.
  failures="$(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '^ *FAIL ' | sed -E 's/^ *FAIL +//' | sort -u || true)"
  ((code == 0)) || failed=$((failed + 1))
  line="run $run: exit $code, $((seconds / 60))m$((seconds % 60))s, log $log"
  summary+=("$line")
  echo "$line"
  if [[ -n "$failures" ]]; then
    summary+=("$(sed 's/^/    FAIL /' <<<"$failures")")
    sed 's/^/    FAIL /' <<<"$failures"
  elif ((code != 0)); then
    summary+=("    (no vitest FAIL line: see the end of the log)")
    echo "    (no vitest FAIL line: see the end of the log)"
  fi
done

echo
echo "ci-soak summary: $((runs - failed))/$runs green, hogs $hogs, HEAD ${head:0:12}"
printf '%s\n' "${summary[@]}"
((failed == 0))
