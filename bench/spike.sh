#!/usr/bin/env bash
# Memory given back after a spike, ward serve vs nginx: each worker's RSS
# before, at the peak of SPIKE_CONNS open TLS connections (a GET on each),
# and once they are all closed and the worker has settled. See
# bench/README.md.
#
#   bench/spike.sh                    # 10000 connections each
#   SPIKE_CONNS=16000 bench/spike.sh  # at most 16384 (nginx's worker_connections)
#
# Knobs (environment): SPIKE_CONNS (10000), SETTLE (s to wait after the
# close, 5), and those of lib.sh (ports, CPUs, WARD, KEEP=1).
set -euo pipefail

# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"

SPIKE_CONNS=${SPIKE_CONNS:-10000}
SETTLE=${SETTLE:-5}
RESULTS=$BENCH_DIR/results
# nginx's configuration allows 16384 connections a worker; ward the same
WARD_ARGS="--max-connections 16384 ${WARD_ARGS:-}"

ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
[ "$(ulimit -n)" -gt $((SPIKE_CONNS + 100)) ] ||
	die "open file limit $(ulimit -n) too low for SPIKE_CONNS=$SPIKE_CONNS"

bench_deps
bench_build_ward
bench_scratch
cleanup() {
	stop_servers
	if [ "${KEEP:-0}" = 1 ]; then log "scratch kept: $SCRATCH"; else rm -rf "$SCRATCH"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_ward
start_nginx
lines=()
for s in ward nginx; do
	if [ "$s" = ward ]; then port=$WARD_PORT pid=$WARD_WORKER; else port=$NGINX_PORT pid=$NGINX_WORKER; fi
	log "$s: $SPIKE_CONNS connections"
	line=$(taskset -c "$CLIENT_CPU" timeout 900 python3 "$BENCH_DIR/spike_conns.py" \
		--port "$port" --pid "$pid" --cafile "$CAFILE" -n "$SPIKE_CONNS" \
		--settle "$SETTLE") || log "$s: spike_conns.py reported failures"
	[ -n "$line" ] || die "$s: no result from spike_conns.py"
	lines+=("$(printf '%-6s %s' "$s" "${line#SPIKE }")")
done

mkdir -p "$RESULTS"
{
	echo "memory after a spike of $SPIKE_CONNS TLS connections ($(date -u +%F))"
	versions
	echo "RSS in kB of the one worker: before, at the peak, after the close"
	printf '%s\n' "${lines[@]}"
} | tee "$RESULTS/spike-latest.txt"
log "written $RESULTS/spike-latest.txt"
