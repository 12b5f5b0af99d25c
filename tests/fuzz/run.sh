#!/usr/bin/env bash
# Run one libFuzzer harness for a bounded time over its seed corpus.
# New inputs go to a scratch directory so the committed corpus stays as is.
set -eu
fuzzer=$1 corpus=$2 seconds=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
exec "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
	-print_final_stats=1 "$work" "$corpus"
