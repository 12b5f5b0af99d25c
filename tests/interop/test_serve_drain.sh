#!/usr/bin/env bash
# Draining (SIGHUP, SIGTERM) drops no request. Across a reload that also
# swaps what --root names (an option other than the certificate): an idle
# keep-alive connection stays open and its next request is answered by the
# old worker (old root) with "Connection: close" and close_notify; an
# upload half sent completes with 201 and "Connection: close"; a download
# being read slowly completes whole and the connection takes one more
# request; a silent connection ends at its idle timeout with close_notify,
# and then the old worker exits; new connections see the new root. A
# request that reached a stopped old worker after its idle timeout is
# answered. --drain-timeout bounds a drain with a download nobody reads,
# after SIGHUP and after SIGTERM, and idle connections still get
# close_notify at its end; connections queued before a stop are served.
set -euo pipefail
. "$(dirname "$0")/serve_lib.sh"

for d in a b; do
	mkdir -p "$scratch/site-$d"
	echo "root $d" >"$scratch/site-$d/index.html"
done
head -c $((12 * 1024 * 1024)) /dev/urandom >"$scratch/site-a/big.bin"
cp "$scratch/site-a/big.bin" "$scratch/site-b/big.bin"
ln -s site-a "$scratch/site"
mkdir -p "$scratch/store"
workers() { pgrep -P "$master" | sort; }

# --- SIGHUP with requests in flight, the root swapped ---
# (an idle timeout of 8 s leaves a loaded machine time to read the 12 MB
# download out of the socket buffers before its next request)
start_serve drain --root "$scratch/site" --store "/files/=$scratch/store" \
	--store-public --keepalive-timeout 8 --drain-timeout 30
old=$(workers)
check_eq "$(wc -l <<<"$old")" 1 "workers"
py MASTER="$master" OLD="$old" LOG="$scratch/drain.log" <<'EOF' || bad "requests across a reload"
import hashlib, os, signal, time
from serve_client import *
s = os.environ["SCRATCH"]
master, old = int(os.environ["MASTER"]), int(os.environ["OLD"])
big = open(os.path.join(s, "site-a/big.bin"), "rb").read()
upload = os.urandom(200000)

def kept_alive(r, what):
    eq((r.status, r.header("Connection")), (200, None), what)

idle = Conn()
kept_alive(idle.request("GET", "/"), "idle connection, before the reload")
silent = Conn()
kept_alive(silent.request("GET", "/"), "silent connection, before the reload")
silent_since = time.monotonic()
up = Conn()
up.send(f"PUT /files/up.bin HTTP/1.1\r\nHost: localhost\r\n"
        f"Content-Length: {len(upload)}\r\n\r\n".encode() + upload[:100000])
slow = Conn(rcvbuf=16384)
slow.send(build("GET", "/big.bin"))
while b"\r\n\r\n" not in slow.buf:
    slow._fill()  # the head and a little of the body, no more

os.replace(os.path.join(s, "site"), os.path.join(s, "site.old"))
os.symlink("site-b", os.path.join(s, "site"))
os.kill(master, signal.SIGHUP)
wait_log("reloaded: generation 2")
# every connection is still there when the old worker starts draining
wait_log(f"{old}: draining 4 connections")

check(idle.is_open(0.3), "the idle connection was closed by the drain")
if time.monotonic() - silent_since < 7.5:
    check(silent.is_open(0.1), "the silent connection was closed before its idle timeout")
r = idle.request("GET", "/")
eq((r.status, r.body, r.header("Connection")), (200, b"root a\n", "close"),
   "the idle connection's next request, answered by the old worker")
check(idle.closed_within(5) and idle.clean_close,
      "the old worker closes after 'Connection: close', with close_notify")

r = request("GET", "/")
eq((r.status, r.body, r.header("Connection")), (200, b"root b\n", None),
   "a new connection, answered by the new worker")

up.send(upload[100000:])
r = up.response()
eq((r.status, r.header("Connection")), (201, "close"), "the upload in flight")
with open(os.path.join(s, "store/up.bin"), "rb") as f:
    eq(hashlib.sha256(f.read()).hexdigest(), hashlib.sha256(upload).hexdigest(),
       "the upload on disk, sha256")

r = slow.response()
# its head went out before the reload, saying nothing of a close
eq((r.status, r.header("Connection"), len(r.body)), (200, None, len(big)),
   "the download in flight")
eq(hashlib.sha256(r.body).hexdigest(), hashlib.sha256(big).hexdigest(),
   "the download in flight, sha256")
r = slow.request("GET", "/")
eq((r.status, r.body, r.header("Connection")), (200, b"root a\n", "close"),
   "the next request after the download")

check(silent.closed_within(8 + 10), "the silent connection was not closed")
check(silent.clean_close, "no close_notify on the silent connection's close")
waited = time.monotonic() - silent_since
check(waited > 7.5, f"the silent connection closed after {waited:.1f} s, before its idle timeout")
check(wait_gone(old, 5), "the old worker did not exit after its last connection")
check(not log_has("drain took longer"), "the drain ran into its timeout")
done()
EOF

# --- a request reaches a stopped old worker after its idle timeout ---
one_worker() { [ "$(workers | wc -l)" -eq 1 ]; }
wait_until 50 one_worker || bad "workers: $(workers | tr '\n' ' ')"
old=$(workers)
py MASTER="$master" OLD="$old" LOG="$scratch/drain.log" <<'EOF' || bad "request at the idle timeout"
import os, signal, time
from serve_client import *
master, old = int(os.environ["MASTER"]), int(os.environ["OLD"])
c = Conn()
eq(c.request("GET", "/").status, 200, "before the reload")
since = time.monotonic()
os.kill(master, signal.SIGHUP)
wait_log("reloaded: generation 3")
wait_log(f"{old}: draining 1 connection ")
os.kill(old, signal.SIGSTOP)
try:
    c.send(build("GET", "/"))
    # when the worker runs again its idle timer has expired, and the
    # request is there: it is answered, not cut
    time.sleep(max(0, 8.5 - (time.monotonic() - since)))
finally:
    os.kill(old, signal.SIGCONT)
r = c.response()
eq((r.status, r.body, r.header("Connection")), (200, b"root b\n", "close"),
   "a request that arrived by the idle timeout")
done()
EOF
stop_serve "$master"

# --- --drain-timeout bounds a drain; idle connections get close_notify ---
start_serve bounded --root "$scratch/site" --keepalive-timeout 10 \
	--drain-timeout 2
old=$(workers)
py MASTER="$master" OLD="$old" LOG="$scratch/bounded.log" <<'EOF' || bad "drain timeout"
import os, signal, socket, ssl, threading, time
from serve_client import *
master, old = int(os.environ["MASTER"]), int(os.environ["OLD"])

class Connected(Conn):
    """TLS over a TCP connection made already."""
    def __init__(self, raw):
        self.raw, self.tls, self.buf, self.eof, self.clean_close = raw, True, b"", False, None
        self.sock = context().wrap_socket(raw, server_hostname="localhost",
                                          suppress_ragged_eofs=False)

def stuck_download():
    d = Conn(rcvbuf=16384)
    d.send(build("GET", "/big.bin"))
    while b"\r\n\r\n" not in d.buf:
        d._fill()
    return d  # never read further

# after SIGHUP: the old worker exits at the drain timeout
idle = Conn()
eq(idle.request("GET", "/").status, 200, "idle connection, before the reload")
d = stuck_download()
os.kill(master, signal.SIGHUP)
wait_log("reloaded: generation 2")
wait_log(f"{old}: draining 2 connections")
began = time.monotonic()
check(idle.is_open(0.5), "the idle connection was closed by the drain")
check(wait_gone(old, 2 + 4), "the old worker outlived --drain-timeout 2 by 4 s")
took = time.monotonic() - began
check(took > 1.0, f"the old worker exited {took:.1f} s into its drain, with a download in flight")
check(idle.closed_within(1), "the idle connection outlived the old worker")
check(idle.clean_close, "no close_notify on the idle connection at the drain's end")
check(d.closed_within(10), "the stuck download outlived the old worker")
check(not d.clean_close, "a download cut by the drain timeout ended with close_notify")
wait_log(f"{old}: drain took longer than 2000 ms")
r = request("GET", "/")
eq(r.status, 200, "a new connection after the reload")

# after SIGTERM: a connection queued meanwhile is served, and the stuck
# download does not hold the master beyond the drain timeout
new = [int(p) for p in os.popen(f"pgrep -P {master}").read().split()]
eq(len(new), 1, "workers after the reload")
d = stuck_download()
os.kill(new[0], signal.SIGSTOP)
try:
    os.kill(master, signal.SIGTERM)
    wait_log("SIGTERM: stopping gracefully")
    # accepted by the kernel, queued for the stopped worker
    raw = socket.create_connection(("127.0.0.1", env_port()), timeout=10)
    got = {}
    def queued():
        try:
            got["r"] = Connected(raw).request("GET", "/")
        except Exception as e:
            got["e"] = repr(e)
    t = threading.Thread(target=queued)
    t.start()
    time.sleep(0.3)
finally:
    os.kill(new[0], signal.SIGCONT)
began = time.monotonic()
t.join(15)
r = got.get("r")
check(r is not None, f"a connection queued before the stop: {got.get('e')}")
if r:
    eq((r.status, r.body, r.header("Connection")), (200, b"root b\n", "close"),
       "a connection queued before the stop")
check(wait_gone(master, 2 + 4), "the master outlived --drain-timeout 2 by 4 s")
wait_log(f"{new[0]}: drain took longer than 2000 ms")
done()
EOF
wait_exit "$master"
check_eq "$rc" 0 "exit code after a stop cut short by --drain-timeout"
grep -q 'killing them' "$scratch/bounded.log" &&
	bad "the master had to kill the workers: the drain timeout did not stop them"

serve_finish "ward serve: draining drops no request; --drain-timeout bounds it"
