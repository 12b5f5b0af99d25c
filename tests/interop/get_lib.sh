# Sourced by the `ward get` tests after serve_lib.sh.
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
