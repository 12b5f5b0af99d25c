# Shared by the TLS interop scripts (sourced, not run): a scratch directory,
# certificates from `ward ca`, and peers started in the background and
# stopped by PID. Every wait is bounded.

WARD_BIN=${WARD_BIN:?WARD_BIN must name the ward binary}
WARD_TLS_PEER=${WARD_TLS_PEER:?WARD_TLS_PEER must name ward-tls-peer}
WARD_TESTS=${WARD_TESTS:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}

. "$(dirname "${BASH_SOURCE[0]}")/need_lib.sh"

scratch=$(mktemp -d)
pids=()
cleanup() {
	local p
	for p in "${pids[@]}"; do
		kill "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	rm -rf "$scratch"
}
trap cleanup EXIT
export HOME=$scratch/home
unset WARD_CA_DIR XDG_DATA_HOME SSLKEYLOGFILE
mkdir -p "$HOME"

failures=0
fail() {
	echo "FAIL: $*" >&2
	exit 1
}
# A sub-case that failed: note it, go on, fail at the end (finish).
bad() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}
# Sanitizer reports (the ASan+UBSan build of make check) in anything a
# peer printed fail the test whatever else was expected.
sanitized='AddressSanitizer|LeakSanitizer|runtime error:'
finish() {
	local f
	for f in "$scratch"/*.out "$scratch"/*.err; do
		[ -f "$f" ] && grep -qE "$sanitized" "$f" &&
			bad "sanitizer report in $(basename "$f"): $(cat "$f")"
	done
	if [ "$failures" -ne 0 ]; then
		echo "$failures sub-case(s) failed" >&2
		exit 1
	fi
	echo "ok: $1"
	exit 0
}
# known_bug WHAT TEXT NEEDLE: like want, for a sub-case that fails because
# of a reported engine bug: says so loudly without failing the test, and
# says when it passes again so that the marker can go.
known_bug() {
	if has "$2" "$3"; then
		echo "NOTE: $1: passes now; remove its known_bug marker" >&2
	else
		echo "KNOWN FAILURE (engine bug, reported): $1: expected '$3' in:
$2" >&2
	fi
}
# has TEXT NEEDLE: whether NEEDLE is in TEXT (fixed string)
has() { grep -qF -- "$2" <<<"$1"; }
# want TEXT NEEDLE WHAT: note a failure unless NEEDLE is in TEXT
want() {
	has "$1" "$2" || bad "$3: expected '$2' in:
$1"
	! grep -qE "$sanitized" <<<"$1" || bad "$3: sanitizer report: $1"
}

# make_ca DIR: a fresh CA
make_ca() {
	"$WARD_BIN" ca init --dir "$1" >/dev/null || fail "ward ca init $1"
}
# issue CA-DIR BASE KEY-TYPE [ward ca issue options...] NAME...:
# writes BASE.pem and BASE-key.pem
issue() {
	local ca=$1 base=$2 type=$3
	shift 3
	"$WARD_BIN" ca issue --dir "$ca" --key-type "$type" \
		--cert-file "$base.pem" --key-file "$base-key.pem" "$@" \
		>/dev/null || fail "ward ca issue $base"
}

# wait_for FILE PATTERN: until a line matches (5 s at most)
wait_for() {
	local i
	for ((i = 0; i < 250; i++)); do
		grep -qE -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.02
	done
	return 1
}

# start_ward NAME ARGS...: ward-tls-peer server in the background, output
# in $scratch/NAME.out and .err; sets $port and $ward_pid.
start_ward() {
	local name=$1
	shift
	rm -f "$scratch/$name.out" # not to read an earlier run's port
	"$WARD_TLS_PEER" server --port 0 "$@" >"$scratch/$name.out" \
		2>"$scratch/$name.err" &
	ward_pid=$!
	pids+=("$ward_pid")
	wait_for "$scratch/$name.out" '^listening [0-9]+$' ||
		fail "ward-tls-peer server did not start: $(cat "$scratch/$name.err")"
	port=$(awk '/^listening/ {print $2; exit}' "$scratch/$name.out")
}

# start_s_server NAME CERT-BASE ARGS...: openssl s_server (TLS 1.3, or
# the version option in $s_server_version) with CERT-BASE.pem and
# CERT-BASE-key.pem; output in $scratch/NAME.out; sets $port and $srv_pid.
start_s_server() {
	local name=$1 cert=$2
	shift 2
	rm -f "$scratch/$name.out"
	openssl s_server "${s_server_version:--tls1_3}" -accept 127.0.0.1:0 -cert "$cert.pem" \
		-key "$cert-key.pem" "$@" >"$scratch/$name.out" 2>&1 &
	srv_pid=$!
	pids+=("$srv_pid")
	wait_for "$scratch/$name.out" '^ACCEPT 127\.0\.0\.1:[0-9]+$' ||
		fail "s_server did not start: $(cat "$scratch/$name.out")"
	port=$(sed -n 's/^ACCEPT 127\.0\.0\.1:\([0-9]*\)$/\1/p' \
		"$scratch/$name.out")
}

# stop PID: stop a peer we started
stop() {
	kill "$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || true
}

# wait_exit PID: wait for a peer to exit by itself (5 s at most); sets $rc
# to its exit code, or 124 after stopping it when it did not.
wait_exit() {
	local i
	for ((i = 0; i < 250; i++)); do
		if ! kill -0 "$1" 2>/dev/null; then
			rc=0
			wait "$1" 2>/dev/null || rc=$?
			return 0
		fi
		sleep 0.02
	done
	stop "$1"
	rc=124
}

# start_proxy NAME PORT MODE: tls_raw.py proxy in front of 127.0.0.1:PORT;
# sets $port to the proxy's and $proxy_pid
start_proxy() {
	local python
	python=$(python3 -c 'import sys; print(sys.executable)')
	rm -f "$scratch/$1.out"
	"$python" "$WARD_TESTS/interop/tls_raw.py" proxy "$2" "$3" \
		>"$scratch/$1.out" 2>&1 &
	proxy_pid=$!
	pids+=("$proxy_pid")
	wait_for "$scratch/$1.out" '^listening [0-9]+$' ||
		fail "proxy did not start: $(cat "$scratch/$1.out")"
	port=$(awk '/^listening/ {print $2; exit}' "$scratch/$1.out")
}

# A line of ward's reply, e.g. "version=TLSv1.3 suite=... hrr=0".
ward_line() { grep -m1 '^version=' <<<"$1" || true; }
