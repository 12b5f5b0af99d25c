#!/usr/bin/env bash
# Run one libFuzzer harness: every input of its regression corpus once
# (each must pass), then fuzzing for a bounded time from its seed corpus.
# New inputs go to a scratch directory so the committed corpus stays as
# is. The last line says the coverage reached; it is also written to
# OUT_DIR/<harness>.txt, and a crashing input to OUT_DIR/<harness>-crash-*.
#   run.sh FUZZER REGRESSIONS_DIR CORPUS_DIR SECONDS OUT_DIR
set -euo pipefail
# libFuzzer's own exit code on a crash, 77, is CTest's skip code
exit_codes=(-error_exitcode=1 -timeout_exitcode=1)
fuzzer=$1 regressions=$2 corpus=$3 seconds=$4 out=$5
name=$(basename "$fuzzer")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out" "$work/new"
rm -f "$out/$name.txt"

inputs=()
if [ -d "$regressions" ]; then
	while IFS= read -r -d '' f; do
		inputs+=("$f")
	done < <(find "$regressions" -type f -print0 | sort -z)
fi
echo "$name: ${#inputs[@]} regression input(s) in $regressions"
if [ ${#inputs[@]} -gt 0 ]; then
	"$fuzzer" "${exit_codes[@]}" -timeout=10 -rss_limit_mb=2048 \
		"${inputs[@]}"
fi

status=0
"$fuzzer" "${exit_codes[@]}" -max_total_time="$seconds" -timeout=10 \
	-rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$out/$name-" \
	"$work/new" "$corpus" >"$work/log" 2>&1 || status=$?
cat "$work/log"
if [ $status -ne 0 ]; then
	echo "$name: failed (exit $status); keep the input named above in" \
		"$regressions/ once the bug is fixed" >&2
	exit $status
fi
done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$work/log" | tail -n 1 || true)
runs=$(grep -E '^Done [0-9]+ runs in' "$work/log" | tail -n 1 | sed 's/second(s)/s/' || true)
summary=$(echo "$name: ${done_line#*DONE } (${runs:-no runs})" | tr -s ' ')
echo "$summary" >"$out/$name.txt"
echo "coverage: $summary"
