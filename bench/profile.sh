#!/usr/bin/env bash
# Where a server worker spends its CPU: perf samples (cpu-clock, so it works
# in VMs without hardware counters; DWARF call graphs, as libcrypto has no
# frame pointers) of the worker during the handshake, keep-alive and bulk
# phases of bench/run.sh. For each phase (see bench/perf_summary.py): the top
# functions by self time, time by library, the server's own functions by
# inclusive time, and the time in libcrypto, libc and the kernel charged to
# the server function that called in.
#
#   bench/profile.sh          # ward
#   bench/profile.sh nginx    # the same load on nginx, for comparison
#
# Knobs: DURATION (s per phase, 10), TOP (functions listed, 15), FREQ (Hz,
# 1000), and those of bench/run.sh for ports, CPUs, cipher, files, WARD.
set -euo pipefail

# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"

SERVER=${1:-ward}
DURATION=${DURATION:-10}
TOP=${TOP:-15}
FREQ=${FREQ:-1000}
HS_CONNS=${HS_CONNS:-16}
KA_CONNS=${KA_CONNS:-50}
BULK_CONNS=${BULK_CONNS:-2}
BULK_MB=${BULK_MB:-100}
case $SERVER in ward | nginx) ;; *) die "usage: bench/profile.sh [ward|nginx]" ;; esac

command -v perf >/dev/null || {
	log "installing linux-perf"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq linux-perf >/dev/null
}
perf record -e cpu-clock -o /dev/null -- true >/dev/null 2>&1 ||
	die "perf record does not work here (perf_event_paranoid=$(cat /proc/sys/kernel/perf_event_paranoid))"

ulimit -n 65536 2>/dev/null || true
bench_deps
bench_build_ward
bench_scratch
cleanup() {
	stop_servers
	if [ "${KEEP:-0}" = 1 ]; then log "scratch kept: $SCRATCH"; else rm -rf "$SCRATCH"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ "$SERVER" = ward ]; then
	start_ward
	PORT=$WARD_PORT WORKER=$WARD_WORKER MAIN_DSO=$(basename "$WARD")
else
	start_nginx
	PORT=$NGINX_PORT WORKER=$NGINX_WORKER MAIN_DSO=nginx
fi
log "$SERVER worker $WORKER on CPU $SERVER_CPU, port $PORT"
taskset -c "$CLIENT_CPU" wrk -t1 -c8 -d2s "https://$HOST:$PORT/small.bin" >/dev/null

mkdir -p "$BENCH_DIR/results"
REPORT=$BENCH_DIR/results/profile-$SERVER-latest.txt
{
	echo "$SERVER worker profile, $(date -u '+%Y-%m-%d %H:%M UTC'); perf record -e cpu-clock -F $FREQ --call-graph dwarf, $DURATION s per phase"
	versions | grep -E "^(machine|$SERVER)"
	echo "percentages of the worker's samples"
} >"$REPORT"

for phase in handshake keepalive bulk; do
	case $phase in
	handshake) args=(-c "$HS_CONNS" -H 'Connection: close'); path=/small.bin ;;
	keepalive) args=(-c "$KA_CONNS"); path=/small.bin ;;
	bulk) args=(-c "$BULK_CONNS" --timeout 60s); path=/bulk.bin ;;
	esac
	data=$SCRATCH/perf-$phase.data
	taskset -c "$CLIENT_CPU" wrk -t1 -d"$((DURATION + 2))s" "${args[@]}" \
		"https://$HOST:$PORT$path" >"$SCRATCH/wrk-$phase.txt" 2>&1 &
	wrk_pid=$!
	sleep 1
	perf record -e cpu-clock -F "$FREQ" --call-graph dwarf,65528 -p "$WORKER" -o "$data" \
		-- sleep "$DURATION" >"$SCRATCH/perf-$phase.log" 2>&1
	wait "$wrk_pid" || log "$phase: wrk exited non-zero"
	kill -0 "$WORKER" 2>/dev/null || die "$SERVER worker $WORKER died during $phase"
	{
		echo
		echo "== $phase: $(grep -E 'requests in' "$SCRATCH/wrk-$phase.txt" | sed 's/^ *//')" \
			"$(grep -E 'Socket errors|Non-2xx' "$SCRATCH/wrk-$phase.txt" | tr '\n' ' ' || true)"
		perf script -i "$data" -F ip,sym,dso 2>/dev/null |
			python3 "$BENCH_DIR/perf_summary.py" "$MAIN_DSO" "$TOP"
		rm -f "$data"
	} >>"$REPORT"
done
cat "$REPORT"
log "written $REPORT"
