#!/usr/bin/env bash
# An upload cut off in the middle of its body leaves nothing behind, however
# the connection ends: a record that does not decrypt, a fatal alert, the
# client's close_notify, a TCP reset, the body timeout, a drain. After 20
# uploads cut each way the worker holds as many descriptors as before (no
# O_TMPFILE shows as "(deleted)" in /proc/PID/fd) and the store directory
# holds exactly the files it held.
set -euo pipefail
. "$(dirname "$0")/serve_lib.sh"

store=$scratch/store
mkdir -p "$store"
echo "kept" >"$store/kept.txt"

start_serve abort --store "/files/=$store" --store-public --body-timeout 1
worker=$(pgrep -P "$master" | head -n 1)
fds() { find "/proc/$worker/fd" -mindepth 1 2>/dev/null | wc -l; }
deleted() { find "/proc/$worker/fd" -mindepth 1 -printf '%l\n' 2>/dev/null | grep -c '(deleted)' || true; }
listing() { (cd "$store" && find . -printf '%p %s\n' | sort); }
# an idle connection between cases must not count: wait for the worker to
# close everything of the previous case (bounded)
settled() { [ "$(fds)" -eq "$base" ]; }

base=$(fds)
before=$(listing)

# cut WAY: 20 uploads of a 200 KB body, each cut after ~100 KB by WAY,
# all open at once (the fds of every upload exist together)
cut() {
	py WAY="$1" <<'EOF'
import os, socket, struct, time
from serve_client import *
way = os.environ["WAY"]
conns = []
for i in range(20):
    c = Conn()
    c.send(f"PUT /files/up{i}.bin HTTP/1.1\r\nHost: localhost\r\n"
           "Content-Length: 200000\r\n\r\n".encode() + b"x" * 100000)
    conns.append(c)
time.sleep(0.3)  # the server has read the bodies so far
for c in conns:
    fd = c.sock.fileno()
    if way == "bad-record":
        # an application_data record that was never encrypted
        os.write(fd, b"\x17\x03\x03\x00\x20" + os.urandom(32))
    elif way == "alert":
        # a fatal alert record (handshake_failure), unprotected
        os.write(fd, b"\x15\x03\x03\x00\x02\x02\x28")
    elif way == "close-notify":
        try:
            c.sock.unwrap()  # the server answers with a plain close
        except OSError:
            pass
    elif way == "reset":
        c.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                          struct.pack("ii", 1, 0))
        c.sock.close()
    # "timeout": send nothing more, the body timeout ends them
for c in conns:
    if way in ("bad-record", "alert"):
        check(c.closed_within(5), f"{way}: the server closes the connection")
    elif way == "timeout":
        check(c.closed_within(4), "timeout: cut by the body timeout")
for c in conns:
    c.close()
done()
EOF
}

for way in bad-record alert close-notify reset timeout; do
	cut "$way" || bad "$way: the uploads"
	wait_until 50 settled || true
	check_eq "$(fds)" "$base" "$way: worker descriptors after 20 cut uploads"
	check_eq "$(deleted)" 0 "$way: unlinked temporaries still open"
	check_eq "$(listing)" "$before" "$way: files in the store"
done
grep -q 'TLS: ' "$scratch/abort.log" || bad "the TLS failures were not logged"

# a drain (SIGTERM) with uploads in flight: the worker waits for them, the
# clients give up, the worker exits and has left nothing in the store
py <<'EOF' &
import time
from serve_client import *
conns = []
for i in range(5):
    c = Conn()
    c.send(b"PUT /files/drain.bin HTTP/1.1\r\nHost: localhost\r\n"
           b"Content-Length: 200000\r\n\r\n" + b"x" * 100000)
    conns.append(c)
for _ in range(8):  # never 1 s without a byte, so no body timeout
    time.sleep(0.3)
    for c in conns:
        c.send(b"x" * 1000)
EOF
pids+=($!)
uploads_open() { [ "$(fds)" -ge $((base + 15)) ]; }
wait_until 50 uploads_open ||
	bad "drain: uploads not open ($(fds) fds, $base before)"
stop_serve "$master"
check_eq "$(listing)" "$before" "drain: files in the store"

serve_finish "upload aborts"
