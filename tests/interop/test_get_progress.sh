#!/usr/bin/env bash
# `ward get`'s progress bar: on stderr when it is a terminal (a pty here)
# and the body goes to a file: percent, bytes of the total, rate, and the
# last state left on its line; bytes and rate only when the length is
# unknown; nothing with -s, nothing when stderr is not a terminal.
set -euo pipefail
. "$(dirname "$0")/serve_lib.sh"

rm -f "$scratch/py.out"
python3 "$interop/get_server.py" --log "$scratch/py.log" >"$scratch/py.out" 2>"$scratch/py.err" &
py_pid=$!
pids+=("$py_pid")
wait_for "$scratch/py.out" '^listening [0-9]+$' ||
	fail "get_server.py did not start: $(cat "$scratch/py.err")"
p=http://127.0.0.1:$(awk '/^listening/ {print $2; exit}' "$scratch/py.out")

# on_pty ARGS...: ward get with stderr (only) on a pseudo-terminal; what
# the terminal showed in $tty, the exit code in $rc
on_pty() {
	rc=0
	tty=$(timeout 60 python3 - "$WARD_BIN" "$@" <<'PY'
import os, pty, subprocess, sys
master, slave = pty.openpty()
proc = subprocess.Popen(["%s" % sys.argv[1], "get"] + sys.argv[2:],
                        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                        stderr=slave)
os.close(slave)
out = b""
while True:
    try:
        b = os.read(master, 4096)
    except OSError:
        break
    if not b:
        break
    out += b
code = proc.wait()
sys.stdout.write(out.decode(errors="replace").replace("\r", "<CR>")
                 .replace("\n", "<LF>"))
sys.exit(code)
PY
) || rc=$?
}

on_pty -o "$scratch/blob" "$p/blob"
check_eq "$rc" 0 "a download with the bar"
want "$tty" "<CR>100.0%  1.0 MiB of 1.0 MiB" "the bar: percent and bytes of the total"
want "$tty" "/s" "the bar: a rate"
case $tty in
*"<LF>") ;;
*) bad "the bar's last state is left on its own line: $tty" ;;
esac

on_pty -o "$scratch/chunked" "$p/chunked"
check_eq "$rc" 0 "a chunked download with the bar"
want "$tty" "<CR>8 B  " "length unknown: bytes and rate"
if grep -q "%" <<<"$tty"; then bad "length unknown: no percent: $tty"; fi

on_pty -s -o "$scratch/blob" "$p/blob"
check_eq "$tty" "" "-s: no bar"

"$WARD_BIN" get -o "$scratch/blob" "$p/blob" 2>"$scratch/err.txt"
check_eq "$(cat "$scratch/err.txt")" "" "stderr not a terminal: no bar"

stop "$py_pid"
serve_finish test_get_progress
