#!/usr/bin/env bash
# `ward serve` timeouts, each set to 1 s and each checked both ways: a
# client that stalls is cut off within 3 s (a TCP connection that never
# starts its handshake, half a request head, a head sent a byte at a time,
# a body that stops, an idle keep-alive connection, a client that stops
# reading a 50 MB response), and a client that is slow but keeps going is
# not (the keep-alive, body and send timeouts measure inactivity).
set -euo pipefail
. "$(dirname "$0")/serve_lib.sh"

site=$scratch/site
store=$scratch/store
mkdir -p "$site" "$store"
echo "hello" >"$site/index.html"
truncate -s 50M "$site/huge.bin"
head -c 3000000 /dev/urandom >"$site/three.bin"

start_serve timeouts --root "$site" --store "/files/=$store" --store-public \
	--handshake-timeout 1 --header-timeout 1 --body-timeout 1 \
	--keepalive-timeout 1 --send-timeout 1 --log-level debug
worker=$(pgrep -P "$master" | head -n 1)
sockets() { find "/proc/$worker/fd" -lname 'socket:*' 2>/dev/null | wc -l; }
base=$(sockets)

py <<'EOF' || bad "timeout cases"
import os, socket, threading, time
from serve_client import *

store = os.path.join(os.environ["SCRATCH"], "store")
H = b"Host: localhost\r\n"
MIN, MAX = 0.5, 3.0  # a 1 s timeout fires in between (ASan is slow)

def cut(what, c, since, got=b""):
    """c must be closed by the server MIN..MAX s after `since`, having
    received `got` meanwhile; after the handshake, with close_notify."""
    closed = c.closed_within(MAX + 1 - (time.monotonic() - since))
    took = time.monotonic() - since
    check(closed, f"{what}: still open after {took:.1f} s")
    check(not closed or MIN <= took <= MAX, f"{what}: closed after {took:.2f} s")
    eq(c.buf, got, f"{what}: bytes received")
    if closed and c.tls:
        eq(c.clean_close, True, f"{what}: close_notify before the close")
    c.close()

def handshake_nothing():
    c = Conn(tls=False)
    cut("handshake: a TCP connection that sends nothing", c, time.monotonic())

def handshake_partial():
    c = Conn(tls=False)
    # the first bytes of a ClientHello record, then nothing
    c.send(bytes.fromhex("160301020001"))
    cut("handshake: a ClientHello cut short", c, time.monotonic())

def header_half():
    c = Conn()
    c.send(b"GET /index.html HTTP/1.1\r\n" + H)  # no empty line
    # no 408: the server just closes
    cut("header: half a request head", c, time.monotonic())

def header_trickle():
    c = Conn()
    t0 = time.monotonic()
    head = b"GET /index.html HTTP/1.1\r\n" + H + b"X-Slow: " + b"a" * 100
    for i in range(len(head)):
        try:
            c.send(head[i:i + 1])
        except OSError:
            break
        if c.closed_within(0.25):
            break
    took = time.monotonic() - t0
    check(c.eof, f"header: a head sent a byte every 0.25 s still open after {took:.1f} s")
    check(took <= MAX, f"header: a head sent a byte every 0.25 s cut after {took:.2f} s")
    c.close()

def header_stream_ok():
    # heads keep coming for 2.5 s, every read ending inside the next head:
    # each head has its own deadline, the stream is never cut
    c = Conn()
    req = b"GET /index.html HTTP/1.1\r\n" + H + b"X-Pad: " + b"p" * 40 + b"\r\n\r\n"
    half = len(req) // 2
    c.send(req[:half])
    t0, n = time.monotonic(), 0
    while time.monotonic() - t0 < 2.5:
        c.send(req[half:] + req[:half])
        if c.response().status != 200:
            break
        n += 1
        time.sleep(0.1)
    c.send(req[half:])
    eq(c.response().status, 200, "header: last head of the stream")
    check(n >= 10 and c.is_open(0.1), f"header: a stream of heads cut after {n}")
    c.close()

def body_stalled():
    c = Conn()
    c.send(b"PUT /files/stalled.bin HTTP/1.1\r\n" + H + b"Content-Length: 100\r\n\r\n" + b"x" * 40)
    cut("body: a Content-Length body that stops", c, time.monotonic())

def body_stalled_chunked():
    c = Conn()
    c.send(b"PUT /files/stalled2.bin HTTP/1.1\r\n" + H +
           b"Transfer-Encoding: chunked\r\n\r\n10\r\n0123456789abcdef\r\n")
    cut("body: a chunked body that stops", c, time.monotonic())

def body_slow_ok():
    c = Conn()
    c.send(b"PUT /files/slow.bin HTTP/1.1\r\n" + H + b"Content-Length: 50\r\n\r\n")
    for i in range(5):  # 2.5 s in all, never 1 s without a byte
        time.sleep(0.5)
        c.send(b"0123456789")
    eq(c.response().status, 201, "body: a slow body that keeps coming")
    c.close()

def keepalive_idle():
    c = Conn()
    eq(c.request("GET", "/index.html").status, 200, "keep-alive: first request")
    cut("keep-alive: idle after a response", c, time.monotonic())

def keepalive_fresh():
    c = Conn()  # handshake done, no request
    cut("keep-alive: no request after the handshake", c, time.monotonic())

def keepalive_busy_ok():
    c = Conn()
    for i in range(6):  # 3 s in all, a request every 0.5 s
        eq(c.request("GET", "/index.html").status, 200, f"keep-alive: request {i}")
        time.sleep(0.5)
    check(c.is_open(0.1), "keep-alive: a connection used every 0.5 s was closed")
    c.close()

def send_stalled():
    c = Conn(rcvbuf=32768)
    c.send(b"GET /huge.bin HTTP/1.1\r\n" + H + b"\r\n")
    time.sleep(MAX)  # never read meanwhile
    n, t0 = 0, time.monotonic()
    c.settimeout(10)
    try:
        while time.monotonic() - t0 < 20:
            d = c.sock.recv(1 << 20)
            if not d:
                break
            n += len(d)
    except OSError:
        pass
    check(n < 50 * 1024 * 1024, f"send: a reader that stopped got all {n} bytes")
    check(time.monotonic() - t0 < 10, "send: the connection was not closed")

def send_slow_ok():
    c = Conn(rcvbuf=65536)
    c.send(b"GET /three.bin HTTP/1.1\r\n" + H + b"\r\n")
    got, t0 = b"", time.monotonic()
    c.settimeout(10)
    while len(got) < 3_000_000 + 100 and time.monotonic() - t0 < 30:
        try:
            d = c.sock.recv(65536)
        except OSError:
            break
        if not d:
            break
        got += d
        time.sleep(0.02)  # about 2 MB/s: slower than the server, never stopped
    took = time.monotonic() - t0
    body = got.split(b"\r\n\r\n", 1)[-1]
    want = open(os.path.join(os.environ["SCRATCH"], "site/three.bin"), "rb").read()
    check(body == want, f"send: a slow reader got {len(body)} bytes in {took:.1f} s")
    check(took > 1.0, f"send: the slow read took only {took:.1f} s, proving nothing")

cases = [handshake_nothing, handshake_partial, header_half, header_trickle,
         header_stream_ok,
         body_stalled, body_stalled_chunked, body_slow_ok, keepalive_idle,
         keepalive_fresh, keepalive_busy_ok, send_stalled, send_slow_ok]
def run(f):
    try:
        f()
    except Exception as e:
        check(False, f"{f.__name__}: {e!r}")
threads = [threading.Thread(target=run, args=(f,)) for f in cases]
for t in threads:
    t.start()
for t in threads:
    t.join(60)
check(not any(t.is_alive() for t in threads), "a case did not finish")
eq(sorted(os.listdir(store)), ["slow.bin"], "files in the store (cut uploads leave none)")
done()
EOF

# every connection above is gone on the server's side too
wait_until 50 bash -c "[ \$(find /proc/$worker/fd -lname 'socket:*' | wc -l) -le $base ]" ||
	bad "the worker still holds $(($(sockets) - base)) connections"
grep -q 'timeout in state' "$scratch/timeouts.log" || bad "no timeout lines in the debug log"
stop_serve "$master"

serve_finish "ward serve: handshake, header, body, keep-alive and send timeouts"
