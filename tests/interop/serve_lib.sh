# Shared by the `ward serve` tests (sourced, not run): on top of tls_lib.sh
# (scratch directory, CA helpers, fail/bad/want/finish), a CA with a
# localhost certificate, servers started on free ports and stopped by PID
# (the master and the workers it forked), curl and python helpers.

WARD_BUILD=${WARD_BUILD:-}
WARD_TLS_PEER=${WARD_TLS_PEER:-${WARD_BUILD:+$WARD_BUILD/tests/ward-tls-peer}}
. "$(dirname "${BASH_SOURCE[0]}")/tls_lib.sh"
need python3 curl

interop=$WARD_TESTS/interop
masters=()

# kill_tree PID: SIGKILL a master we started and the workers it forked
kill_tree() {
	local kids
	kids=$(pgrep -P "$1" 2>/dev/null || true)
	kill -9 "$1" $kids 2>/dev/null || true
	wait "$1" 2>/dev/null || true
}

# On failure the servers' logs are shown; everything started is killed.
cleanup() {
	local rc=$? p f
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 77 ]; then
		for f in "$scratch"/*.log "$scratch"/*.stderr; do
			[ -s "$f" ] || continue
			echo "--- ${f##*/} (last lines):" >&2
			tail -n 20 "$f" >&2
		done
	fi
	for p in "${masters[@]}"; do kill_tree "$p"; done
	for p in "${pids[@]}"; do
		kill -9 "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	rm -rf "$scratch"
}
trap cleanup EXIT

freeport() { python3 "$interop/serve_client.py" freeport "${1:-127.0.0.1}"; }

ca=$scratch/ca
make_ca "$ca"
issue "$ca" "$scratch/localhost" ecdsa localhost 127.0.0.1 ::1
cert=$scratch/localhost.pem
key=$scratch/localhost-key.pem

# wait_until TENTHS CMD...: until CMD succeeds, at most TENTHS/10 s
wait_until() {
	local n=$1 i
	shift
	for ((i = 0; i < n; i++)); do
		"$@" && return 0
		sleep 0.1
	done
	return 1
}

# start_serve NAME ARGS...: `ward serve` on 127.0.0.1:$port (a free port),
# one worker, the localhost certificate unless ARGS name one (or a --ca-dir
# to make one in), error log in $scratch/NAME.log, stderr in NAME.stderr.
# Sets $port and $master. A port another test took between freeport and
# the bind is replaced by another.
start_serve() {
	local name=$1 a try certs=(--cert "$cert" --key "$key")
	shift
	for a in "$@"; do
		case $a in --cert | --ca-dir) certs=() ;; esac
	done
	for try in 1 2 3; do
		port=$(freeport)
		rm -f "$scratch/$name.log"
		"$WARD_BIN" serve --listen "127.0.0.1:$port" --workers 1 \
			--error-log "$scratch/$name.log" "${certs[@]}" "$@" \
			>"$scratch/$name.out" 2>"$scratch/$name.stderr" &
		master=$!
		masters+=("$master")
		wait_until 150 started_or_gone "$scratch/$name.log" || true
		grep -qsE 'workers? ready' "$scratch/$name.log" && return 0
		kill -0 "$master" 2>/dev/null ||
			grep -qs "$port: Address already in use" "$scratch/$name.stderr" ||
			break
	done
	fail "ward serve $name did not start: $(cat "$scratch/$name.stderr" "$scratch/$name.log" 2>/dev/null)"
}
started_or_gone() {
	grep -qsE 'workers? ready' "$1" || ! kill -0 "$master" 2>/dev/null
}

# stop_serve PID: SIGTERM, and the exit code (want 0) within 10 s
stop_serve() {
	kill -TERM "$1"
	wait_exit "$1" 100
	[ "$rc" -eq 0 ] || bad "ward serve (pid $1) exited $rc after SIGTERM"
}

# hcurl PATH ARGS...: curl to https://localhost:$port PATH, verifying the
# certificate; prints the body (use -o, -w, -D as usual)
hcurl() {
	local path=$1
	shift
	curl -sS --max-time 20 --cacert "$ca/ca.pem" \
		--resolve "localhost:$port:127.0.0.1" "$@" \
		"https://localhost:$port$path"
}
# code PATH ARGS...: the status only
code() { hcurl "$1" -o /dev/null -w '%{http_code}' "${@:2}" || true; }

# py: run the python program on stdin with serve_client importable and
# PORT and CA set (extra VAR=value arguments are put in its environment)
py() {
	env PYTHONPATH="$interop" PORT="$port" CA="$ca/ca.pem" \
		SCRATCH="$scratch" "$@" timeout 120 python3 -
}

# check_eq GOT WANT WHAT
check_eq() { [ "$1" = "$2" ] || bad "$3: got '$1', want '$2'"; }

# serve_finish NAME: sanitizer reports in any server's stderr fail the
# test, then finish (tls_lib.sh)
serve_finish() {
	local f
	for f in "$scratch"/*.stderr; do
		[ -e "$f" ] || continue
		if grep -qE 'Sanitizer|runtime error:' "$f"; then
			bad "sanitizer report in ${f##*/}:
$(head -n 40 "$f")"
		fi
	done
	finish "$1"
}
