# Sourced by the `ward get` tests after serve_lib.sh.
# site_root [TEXT]: $site, a document root whose index.html says TEXT
# (default "hello from ward")
site_root() {
	site=$scratch/site
	mkdir -p "$site"
	echo "${1:-hello from ward}" >"$site/index.html"
}
# get ARGS...: ward get, stdout in $out, stderr in $err, exit code in $rc;
# stdin from the file $stdin names (default /dev/null). A sanitizer
# report on stderr fails the test.
get() {
	rc=0
	timeout 60 "$WARD_BIN" get "$@" >"$scratch/get.out" 2>"$scratch/get.err" <"${stdin:-/dev/null}" || rc=$?
	out=$(cat "$scratch/get.out")
	err=$(cat "$scratch/get.err")
	if grep -qE "$sanitized" "$scratch/get.err"; then
		bad "sanitizer report from ward get $*: $err"
	fi
}
# rc_is WANT WHAT: the exit code of the last get
rc_is() { [ "$rc" -eq "$1" ] || bad "$2: exit code $rc, want $1 (stderr: $err)"; }
# start_py NAME ARGS...: tests/interop/get_server.py on a free port; sets
# $pport and $py_pid; requests in $scratch/NAME.log
start_py() {
	local name=$1
	shift
	rm -f "$scratch/$name.out" "$scratch/$name.log"
	python3 "$interop/get_server.py" --log "$scratch/$name.log" "$@" \
		>"$scratch/$name.out" 2>"$scratch/$name.err" &
	py_pid=$!
	pids+=("$py_pid")
	wait_for "$scratch/$name.out" '^listening [0-9]+$' ||
		fail "get_server.py did not start: $(cat "$scratch/$name.err")"
	pport=$(awk '/^listening/ {print $2; exit}' "$scratch/$name.out")
}
# conns NAME: how many TCP connections the requests logged came on
conns() { awk '{print $1}' "$scratch/$1.log" | sort -u | wc -l; }

