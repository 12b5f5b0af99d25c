#!/usr/bin/env bash
# ward serve vs nginx, side by side: server CPU per new TLS connection, per
# keep-alive request and per byte of a large download, and memory per idle
# TLS connection. One worker each, pinned to the same CPU; the load generator
# pinned to another. See bench/README.md.
#
#   bench/run.sh                      # everything, about 8 minutes
#   DURATION=5 REPEAT=1 bench/run.sh  # quicker, noisier
#   PHASES="new mtls early" bench/run.sh  # only these phases
#
# Knobs (environment): DURATION (s per phase, 10), REPEAT (runs of each CPU
# phase per server, 3), IDLE_CONNS (1000), HS_CONNS (16), KA_CONNS (50),
# BULK_CONNS (2), BULK_MB (100), SMALL_BYTES (1024), SERVER_CPU (1),
# CLIENT_CPU (0), CIPHER (TLS_AES_128_GCM_SHA256), GROUP (x25519),
# WARD_PORT (18443), NGINX_PORT (18444), WARD (a ward binary; default: build
# this tree in build-bench/), EARLY_CLIENT (default: ward-bench-early beside
# WARD), KEEP=1 (keep the scratch directory), PHASES (the phases to run,
# in this order: idle handshake handshake12 resumed resumed12 keepalive bulk
# new mtls early; default all); against noise from other processes:
# QUIET_WAIT (s to wait before a phase for the machine to be under QUIET_PCT
# % busy, 60 and 10), NOISE_PCT (rerun a phase when other tasks took more
# of the server CPU, 30), TRIES (2).
set -euo pipefail

# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"

DURATION=${DURATION:-10}
REPEAT=${REPEAT:-3}
IDLE_CONNS=${IDLE_CONNS:-1000}
HS_CONNS=${HS_CONNS:-16}
KA_CONNS=${KA_CONNS:-50}
BULK_CONNS=${BULK_CONNS:-2}
QUIET_WAIT=${QUIET_WAIT:-60}
QUIET_PCT=${QUIET_PCT:-10}
NOISE_PCT=${NOISE_PCT:-30}
TRIES=${TRIES:-2}
RESULTS=$BENCH_DIR/results
ALL_PHASES="idle handshake handshake12 resumed resumed12 keepalive bulk new mtls early"
PHASES=${PHASES:-$ALL_PHASES}
for p in $PHASES; do
	[[ " $ALL_PHASES " == *" $p "* ]] || die "PHASES: unknown phase '$p' (phases: $ALL_PHASES)"
done
want() { [[ " $PHASES " == *" $1 "* ]]; }
# the servers' configuration: base for all phases but mtls and early, which
# restart both servers with their own (server_config)
MODE=base
WARD_ARGS_BASE=${WARD_ARGS:-}

[ "$(nproc)" -ge 2 ] || die "needs at least 2 CPUs (server on $SERVER_CPU, client on $CLIENT_CPU)"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
[ "$(ulimit -n)" -gt $((IDLE_CONNS + 100)) ] || die "open file limit $(ulimit -n) too low for IDLE_CONNS=$IDLE_CONNS"

bench_deps
bench_build_ward
! want early || [ -x "$EARLY_CLIENT" ] ||
	die "the early phase needs ward-bench-early: build it (cmake --build DIR --target ward-bench-early) or set EARLY_CLIENT"
bench_scratch
PROBLEMS=0
cleanup() {
	stop_servers
	if [ "${KEEP:-0}" = 1 ] || [ "$PROBLEMS" -ne 0 ]; then
		log "scratch kept: $SCRATCH"
	else
		rm -rf "$SCRATCH"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
RECORDS=$SCRATCH/records.txt
: >"$RECORDS"
# wrk has no TLS options: its OpenSSL reads this for the TLS 1.2 phase
# (the P-256 in Groups lets the client accept the P-256 certificate,
# RFC 8422 5.1; the servers pick X25519 for ECDHE all the same)
WRK_TLS12_CONF=$SCRATCH/wrk-tls12.cnf
cat >"$WRK_TLS12_CONF" <<EOF
openssl_conf = conf
[conf]
ssl_conf = ssl
[ssl]
system_default = sys
[sys]
MaxProtocol = TLSv1.2
CipherString = $CIPHER12
Groups = ${GROUP^^}:P-256
EOF

log "scratch $SCRATCH; ward on $HOST:$WARD_PORT, nginx on $HOST:$NGINX_PORT, both on CPU $SERVER_CPU; client on CPU $CLIENT_CPU"
start_ward
start_nginx
log "ward master $WARD_MASTER worker $WARD_WORKER; nginx master $NGINX_MASTER worker $NGINX_WORKER"

port_of() { if [ "$1" = ward ]; then echo "$WARD_PORT"; else echo "$NGINX_PORT"; fi; }
worker_pid() { if [ "$1" = ward ]; then echo "$WARD_WORKER"; else echo "$NGINX_WORKER"; fi; }
master_pid() { if [ "$1" = ward ]; then echo "$WARD_MASTER"; else echo "$NGINX_MASTER"; fi; }
server_log() { if [ "$1" = ward ]; then echo "$SCRATCH/ward-error.log"; else echo "$SCRATCH/nginx/logs/error.log"; fi; }

# A worker that died (and was perhaps replaced by its master) is a finding:
# say so with the server's log, and stop.
check_alive() {
	local s=$1 what=$2 w m
	w=$(worker_pid "$s")
	m=$(master_pid "$s")
	if ! kill -0 "$w" 2>/dev/null || ! kill -0 "$m" 2>/dev/null ||
		[ "$(pgrep -P "$m" || true)" != "$w" ]; then
		PROBLEMS=1
		log "$s: worker $w or master $m is gone after $what (children now: $(pgrep -P "$m" | tr '\n' ' '))"
		log "last lines of $(server_log "$s"):"
		tail -n 30 "$(server_log "$s")" >&2
		die "$s did not survive $what"
	fi
}

# --- sanity: same files, same protocol ----------------------------------------

for s in ward nginx; do
	port=$(port_of "$s")
	for f in small.bin bulk.bin; do
		got=$(curl -sS --cacert "$CAFILE" --cert "$CLIENT_CERT" --key "$CLIENT_KEY" --resolve "localhost:$port:$HOST" \
			"https://localhost:$port/$f" | sha256sum | cut -d' ' -f1)
		want=$(sha256sum <"$SCRATCH/site/$f" | cut -d' ' -f1)
		[ "$got" = "$want" ] || die "$s: /$f does not match the file"
	done
	for conf in "" "$WRK_TLS12_CONF"; do
		neg=$(OPENSSL_CONF=${conf:-${OPENSSL_CONF:-}} openssl s_client \
			-connect "$HOST:$port" -servername localhost \
			-CAfile "$CAFILE" </dev/null 2>/dev/null |
			awk '/^New, /{p=$2; sub(/,/, "", p); c=$NF} /Server Temp Key/{sub(/.*Key: /, ""); g=$0} END{print p, c, g}')
		log "$s: files match; negotiated $neg"
		echo "$s negotiated: $neg" >>"$SCRATCH/negotiated.txt"
	done
done

# --- measuring ----------------------------------------------------------------------

# Other processes on the machine (a test suite, a build) inflate and scatter
# the numbers. Before a phase, wait until the whole machine is nearly idle
# (our servers are idle between phases); after it, run it again when other
# tasks took more than NOISE_PCT of the server CPU.
machine_busy() {
	local name user nice system irq softirq steal rest
	read -r name user nice system _ _ irq softirq steal rest </proc/stat
	echo $((user + nice + system + irq + softirq + steal))
}

wait_quiet() {
	local waited=0 b0 b1 pct
	while :; do
		b0=$(machine_busy)
		sleep 1
		b1=$(machine_busy)
		pct=$(((b1 - b0) * 100 / (CLK_TCK * $(nproc))))
		[ "$pct" -lt "$QUIET_PCT" ] && return 0
		if [ "$waited" -ge "$QUIET_WAIT" ]; then
			log "the machine is still ${pct}% busy with other processes; measuring anyway"
			return 0
		fi
		[ "$waited" -gt 0 ] || log "the machine is ${pct}% busy with other processes; waiting up to ${QUIET_WAIT}s"
		sleep 2
		waited=$((waited + 3))
	done
}

# stime_run PORT S_TIME_OPTIONS...: handshakes (-reuse: resumed, -new: full)
# + GET + close, one after the other, for DURATION s, and
# a WRKRESULT line like wrk_report.lua's (every connection is one GET)
stime_run() {
	local port=$1 out n secs
	shift
	out=$(timeout $((DURATION + 90)) taskset -c "$CLIENT_CPU" openssl s_time \
		-connect "$HOST:$port" -CAfile "$CAFILE" -www /small.bin \
		-time "$DURATION" "$@" 2>&1) || { echo "$out"; return 1; }
	# "N connections in T real seconds, B bytes read per connection"
	read -r n secs < <(sed -n 's/^\([0-9]*\) connections in \([0-9]*\) real seconds.*/\1 \2/p' <<<"$out" | tail -n 1)
	[ -n "$n" ] || { echo "$out"; return 1; }
	echo "s_time: $n connections in $secs s"
	echo "WRKRESULT requests=$n bytes=$((n * SMALL_BYTES)) duration_us=$((secs * 1000000))" \
		"connect=0 read=0 write=0 status=0 timeout=0"
}

# the mtls phase: full TLS 1.3 handshakes with the client certificate
MTLS_STIME=(-new -tls1_3 -cert "$CLIENT_CERT" -key "$CLIENT_KEY")

# The early phase: resumed TLS 1.3 connections whose GET goes in 0-RTT early
# data. Neither wrk nor s_time sends early data: ward-bench-early
# (bench/early_client.c, ward's own client) makes the connections one after
# the other. A ticket takes early data once (ward's strike register;
# OpenSSL makes nginx's tickets stateful, single use, when early data is
# on), so each connection offers the ticket the one before it received.
# nginx answers early data in 0.5-RTT and closes, before the client's
# Finished, so before it sends a new ticket: then a full handshake takes
# one, and the worker's CPU during it is measured and left out of the
# phase's (excluded_ns), and the count of such handshakes reported.
EARLY_REQ=$SCRATCH/early-request.txt
printf 'GET /small.bin HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >"$EARLY_REQ"

# openssl s_client, for the check that each server takes early data from
# another client than ward's
early_client() {
	local port=$1
	shift
	timeout 10 taskset -c "$CLIENT_CPU" openssl s_client -connect "$HOST:$port" \
		-servername localhost -CAfile "$CAFILE" -tls1_3 -ign_eof "$@" 2>&1
}

early_prime() {
	local port=$1 sess=$SCRATCH/early-$1.sess
	rm -f "$sess"
	# the request on stdin: the server closes after answering it
	early_client "$port" -sess_out "$sess" <"$EARLY_REQ" >/dev/null || true
	[ -s "$sess" ]
}

# early_run PORT WORKER: DURATION s of 0-RTT connections; a WRKRESULT line
# whose requests are the connections tried, whose status count (not ok) is
# those that did not answer 200 with their early data accepted, and whose
# excluded_ns is WORKER's CPU in the full handshakes for new tickets
early_run() {
	timeout $((DURATION + 90)) taskset -c "$CLIENT_CPU" "$EARLY_CLIENT" \
		"$HOST" "$1" "$CAFILE" /small.bin "$DURATION" "$2"
}

# run_phase SERVER PHASE REP: one bounded wrk run against one server, with the
# worker's CPU time read before and after; again (up to TRIES times) when
# other processes shared the server CPU.
run_phase() {
	local s=$1 phase=$2 rep=$3 port w out args=() path try conf='' stime=() early=0
	port=$(port_of "$s")
	w=$(worker_pid "$s")
	case $phase in
	handshake) args=(-c "$HS_CONNS" -H 'Connection: close'); path=/small.bin ;;
	handshake12)
		args=(-c "$HS_CONNS" -H 'Connection: close'); path=/small.bin
		conf=$WRK_TLS12_CONF ;;
	resumed) stime=(-reuse -tls1_3) ;;
	resumed12) stime=(-reuse -tls1_2 -cipher "$CIPHER12") ;;
	new) stime=(-new -tls1_3) ;; # the mtls phase without the certificate
	mtls) stime=("${MTLS_STIME[@]}") ;;
	early) early=1 ;;
	keepalive) args=(-c "$KA_CONNS"); path=/small.bin ;;
	bulk) args=(-c "$BULK_CONNS" --timeout 60s); path=/bulk.bin ;;
	warmup)
		# wrk has no client certificate
		if [ "$MODE" = mtls ]; then stime=("${MTLS_STIME[@]}"); else args=(-c 8); path=/small.bin; fi ;;
	esac
	out=$SCRATCH/wrk-$s-$phase-$rep.txt
	for try in $(seq "$TRIES"); do
		local c0 t0 c1 t1 k0 k1
		wait_quiet
		k0=$(cpu_stat "$SERVER_CPU")
		c0=$(cpu_ns "$w")
		t0=$(cpu_ticks "$w")
		if [ "$early" -eq 1 ]; then
			early_run "$port" "$w" >"$out" 2>&1 ||
				{ PROBLEMS=1; log "$s $phase: the early data client failed"; cat "$out" >&2; }
		elif [ ${#stime[@]} -gt 0 ]; then
			# wrk never resumes: openssl s_time -reuse does, one
			# connection (handshake + GET + close) after the other
			stime_run "$port" "${stime[@]}" >"$out" 2>&1 ||
				{ PROBLEMS=1; log "$s $phase: s_time failed"; cat "$out" >&2; }
		else
			OPENSSL_CONF=${conf:-${OPENSSL_CONF:-}} \
				timeout $((DURATION + 90)) taskset -c "$CLIENT_CPU" wrk -t1 -d"${DURATION}s" "${args[@]}" \
				-s "$BENCH_DIR/wrk_report.lua" "https://$HOST:$port$path" >"$out" 2>&1 ||
				{ PROBLEMS=1; log "$s $phase: wrk exited non-zero"; cat "$out" >&2; }
		fi
		check_alive "$s" "$phase run $rep"
		c1=$(cpu_ns "$w")
		t1=$(cpu_ticks "$w")
		k1=$(cpu_stat "$SERVER_CPU")
		[ "$phase" = warmup ] && return 0
		local res
		res=$(sed -n 's/^WRKRESULT //p' "$out")
		[ -n "$res" ] || { PROBLEMS=1; cat "$out" >&2; die "$s $phase: no result from wrk"; }
		# early: the worker's CPU in full handshakes for new tickets
		local excl
		excl=$(sed -n 's/.*excluded_ns=\([0-9]*\).*/\1/p' <<<"$res")
		c1=$((c1 - ${excl:-0}))
		local u0 s0 u1 s1 b0 q0 b1 q1 other
		read -r u0 s0 <<<"$t0"
		read -r u1 s1 <<<"$t1"
		read -r b0 q0 <<<"$k0"
		read -r b1 q1 <<<"$k1"
		# The worker's own ticks include the softirq work (loopback TCP)
		# done in its context, which /proc/stat counts apart.
		other=$((((b1 - b0) + (q1 - q0) - (u1 - u0) - (s1 - s0)) * 100 / (CLK_TCK * DURATION)))
		log "$s $phase run $rep: $(grep -E 'requests in|connections in|connections, ' "$out" | sed 's/^ *//'), worker CPU $(((c1 - c0) / 1000000)) ms, other tasks ${other}% of its CPU"
		if [ "$other" -gt "$NOISE_PCT" ] && [ "$try" -lt "$TRIES" ]; then
			log "$s $phase run $rep: too noisy, again"
			continue
		fi
		echo "server=$s phase=$phase rep=$rep tries=$try cpu_ns=$((c1 - c0)) utime=$((u1 - u0))" \
			"stime=$((s1 - s0)) cpu_busy=$((b1 - b0)) cpu_softirq=$((q1 - q0)) $res" >>"$RECORDS"
		if grep -qE 'Socket errors|Non-2xx' "$out"; then
			PROBLEMS=1
			log "$s $phase run $rep: $(grep -E 'Socket errors|Non-2xx' "$out" | tr '\n' ' ')"
		fi
		return 0
	done
}

# server_config MODE: restarts both servers with the configuration of MODE
# (base; mtls: a client certificate from the bench CA required; early: 0-RTT
# early data up to 16 KiB) and checks that it does what it says.
server_config() {
	local extra='' s port f
	MODE=$1
	case $MODE in
	base) WARD_ARGS=$WARD_ARGS_BASE ;;
	mtls)
		WARD_ARGS="$WARD_ARGS_BASE --client-ca $CAFILE --client-auth require"
		extra="ssl_client_certificate $CAFILE; ssl_verify_client on;" ;;
	early)
		WARD_ARGS="$WARD_ARGS_BASE --early-data 16k"
		extra="ssl_early_data on;" ;;
	esac
	echo "$extra" >"$SCRATCH/nginx/server-extra.conf"
	stop_servers
	start_ward
	start_nginx
	log "$MODE configuration: ward master $WARD_MASTER worker $WARD_WORKER; nginx master $NGINX_MASTER worker $NGINX_WORKER"
	for s in ward nginx; do
		port=$(port_of "$s")
		case $MODE in
		mtls)
			# without the certificate: refused; with it: the file
			! curl -sf -o /dev/null --cacert "$CAFILE" --resolve "localhost:$port:$HOST" \
				"https://localhost:$port/small.bin" 2>/dev/null ||
				die "$s: answers without a client certificate in the mtls configuration"
			openssl s_time -connect "$HOST:$port" -CAfile "$CAFILE" -www /small.bin \
				-time 1 "${MTLS_STIME[@]}" 2>&1 | grep -q '^[1-9][0-9]* connections in' ||
				die "$s: openssl s_time with the client certificate fails"
			echo "$s mtls: no certificate refused, s_time with it works" >>"$SCRATCH/negotiated.txt" ;;
		early)
			early_prime "$port" || die "$s: no session to resume"
			f=$SCRATCH/early-check-$s.out
			early_client "$port" -sess_in "$SCRATCH/early-$port.sess" -early_data "$EARLY_REQ" \
				</dev/null >"$f" || true
			grep -aq '^HTTP/1.1 200' "$f" || { cat "$f" >&2; die "$s: no answer to the early request"; }
			echo "$s early: $(grep -a -m1 -E '^(Reused|New),' "$f" | cut -d, -f1);" \
				"$(grep -a -m1 '^Early data was' "$f")" >>"$SCRATCH/negotiated.txt"
			log "$s: $(tail -n 1 "$SCRATCH/negotiated.txt")" ;;
		esac
	done
}

# --- memory per idle connection (first, on fresh workers) ------------------------

want idle && for s in ward nginx; do
	wait_quiet
	log "$s: idle memory, $IDLE_CONNS connections"
	line=$(taskset -c "$CLIENT_CPU" timeout 300 python3 "$BENCH_DIR/idle_conns.py" \
		--pid "$(worker_pid "$s")" --port "$(port_of "$s")" --cafile "$CAFILE" \
		--path /small.bin -n "$IDLE_CONNS") || { PROBLEMS=1; log "$s: idle_conns.py failed"; }
	check_alive "$s" "the idle phase"
	line=$(grep '^IDLE ' <<<"$line" || true)
	[ -n "$line" ] || die "$s: no result from idle_conns.py"
	echo "server=$s phase=idle ${line#IDLE }" >>"$RECORDS"
	sleep 1
done

# --- CPU phases, interleaved ----------------------------------------------------------

warmup() {
	local saved=$DURATION s
	DURATION=2
	for s in ward nginx; do run_phase "$s" warmup 0; done
	DURATION=$saved
}
WARMED=0

for phase in handshake handshake12 resumed resumed12 keepalive bulk new mtls early; do
	want "$phase" || continue
	case $phase in
	mtls | early) server_config "$phase"; warmup ;;
	*) [ "$WARMED" = 1 ] || { warmup; WARMED=1; } ;;
	esac
	for rep in $(seq "$REPEAT"); do
		# Alternate which server goes first, so that drift on the machine
		# falls on both.
		if [ $((rep % 2)) -eq 1 ]; then order=(ward nginx); else order=(nginx ward); fi
		for s in "${order[@]}"; do
			run_phase "$s" "$phase" "$rep"
			sleep 1
		done
	done
done

# --- results -----------------------------------------------------------------------------

mkdir -p "$RESULTS"
{
	echo "ward serve vs nginx, $(date -u '+%Y-%m-%d %H:%M UTC')"
	versions
	echo "setup:   one worker each on CPU $SERVER_CPU, wrk -t1 / python on CPU $CLIENT_CPU;" \
		"TLS 1.3 $CIPHER (TLS 1.2 phase: $CIPHER12), $GROUP, ECDSA P-256 certificate," \
		"wrk never resumes;"
	echo "         $DURATION s per phase, $REPEAT runs each; handshake wrk -c$HS_CONNS with" \
		"Connection: close; keep-alive wrk -c$KA_CONNS; bulk $BULK_MB MiB file, wrk -c$BULK_CONNS;" \
		"idle $IDLE_CONNS connections"
	echo "         phases: $PHASES; resumed: openssl s_time -reuse; new: openssl s_time -new; mtls: the same" \
		"with an ECDSA P-256 client certificate (ward --client-ca --client-auth require," \
		"nginx ssl_verify_client on); early: ward-bench-early, sequential, each" \
		"connection offering the ticket the one before received" \
		"(ward --early-data 16k, nginx ssl_early_data on)"
	sed 's/^/         /' "$SCRATCH/negotiated.txt"
	echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min load average at the end)"
	echo
	python3 "$BENCH_DIR/summarize.py" "$RECORDS" "$CLK_TCK" "$NOISE_PCT"
} | tee "$RESULTS/latest.txt"
log "written $RESULTS/latest.txt"
[ "$PROBLEMS" -eq 0 ] || log "there were problems: see the warnings above and $SCRATCH"
