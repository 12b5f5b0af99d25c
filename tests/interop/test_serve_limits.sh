#!/usr/bin/env bash
# `ward serve` limits, each just below and just above: --max-connections
# (the connection over it is closed at once), --max-request-line (414),
# --max-headers and --max-header-size (431), --max-body and --max-upload
# (413, before the body is read when its length is known: no 100 Continue).
set -euo pipefail
. "$(dirname "$0")/serve_lib.sh"

site=$scratch/site
store=$scratch/store
mkdir -p "$site" "$store"
echo "hello" >"$site/index.html"

start_serve limits --root "$site" --store "/files/=$store" --store-public \
	--max-connections 3 --max-request-line 100 --max-headers 5 \
	--max-header-size 400 --max-body 1000 --max-upload 500
py <<'EOF' || bad "limits"
import os, ssl, time
from serve_client import *
store = os.path.join(os.environ["SCRATCH"], "store")
H = b"Host: localhost\r\n"

def one(what, raw, status, closed=True):
    rs, was_closed = exchange(raw, linger=3 if closed else 0.3)
    if check(len(rs) == 1, f"{what}: no response"):
        eq(rs[0].status, status, f"{what}: status")
    eq(was_closed, closed, f"{what}: connection closed")
    return rs

# --- --max-connections 3 (one worker): the fourth is closed at once ---
held = [Conn() for _ in range(3)]
for i, c in enumerate(held):
    eq(c.request("GET", "/").status, 200, f"connection {i + 1} of 3")
try:
    extra = Conn(timeout=5)
    extra.send(build("GET", "/"))
    r = extra.response()
    check(False, f"connection 4 of 3 was answered: {r.status}")
except (Closed, ssl.SSLError, ConnectionResetError, BrokenPipeError) as e:
    pass  # closed during or right after its handshake
except (TimeoutError, socket.timeout):
    check(False, "connection 4 of 3 hangs instead of being closed")
held[0].close()
time.sleep(0.2)
eq(request("GET", "/").status, 200, "a connection once one of 3 closed")
for c in held[1:]:
    check(c.is_open(0.1), "a connection under the limit was closed")
    c.close()
time.sleep(0.2)

# --- --max-request-line 100: the line without its CRLF ---
def line(n):  # a request line of n bytes
    return b"GET /" + b"a" * (n - len(b"GET / HTTP/1.1")) + b" HTTP/1.1"
one("request line of 100 bytes", line(100) + b"\r\n" + H + b"\r\n", 404, closed=False)
one("request line of 101 bytes", line(101) + b"\r\n" + H + b"\r\n", 414)
# refused before it ends: a line that never ends is answered too
one("an endless request line", line(300), 414)

# --- --max-headers 5: Host counts ---
fields = lambda n: b"".join(b"X-%d: v\r\n" % i for i in range(n - 1))
one("5 header fields", b"GET / HTTP/1.1\r\n" + H + fields(5) + b"\r\n", 200, closed=False)
one("6 header fields", b"GET / HTTP/1.1\r\n" + H + fields(6) + b"\r\n", 431)

# --- --max-header-size 400: the whole head, CRLFs included ---
def head_of(n):
    start = b"GET / HTTP/1.1\r\n" + H + b"X-Pad: "
    return start + b"p" * (n - len(start) - 4) + b"\r\n\r\n"
eq(len(head_of(399)), 399, "test head length")
one("a head of 399 bytes", head_of(399), 200, closed=False)
one("a head of 500 bytes", head_of(500), 431)
one("a head that never ends", b"GET / HTTP/1.1\r\n" + H + b"X-Pad: " + b"p" * 600, 431)

# --- --max-body 1000 (any request) and --max-upload 500 (PUT) ---
def put(what, name, n, status, expect=False, chunked=False):
    c = Conn()
    hdr = b"PUT /files/" + name.encode() + b" HTTP/1.1\r\n" + H
    if expect:
        hdr += b"Expect: 100-continue\r\n"
    if chunked:
        c.send(hdr + b"Transfer-Encoding: chunked\r\n\r\n")
        for i in range(0, n, 100):
            part = b"c" * min(100, n - i)
            try:
                c.send(b"%x\r\n" % len(part) + part + b"\r\n")
            except OSError:
                break
        try:
            c.send(b"0\r\n\r\n")
        except OSError:
            pass
    elif expect:
        # the body only once the server asks for it
        c.send(hdr + b"Content-Length: %d\r\n\r\n" % n)
        r = c.response()
        if status in (201, 204):
            eq(r.status, 100, f"{what}: 100 Continue first")
            c.send(b"u" * n)
    else:
        c.send(hdr + b"Content-Length: %d\r\n\r\n" % n)
        try:
            c.send(b"u" * n)
        except OSError:
            pass  # refused at the head: the server may have closed
    if not expect or status in (201, 204):
        r = c.response()
    eq(r.status, status, f"{what}: status")
    if status == 413:
        # refused without reading the body: the first response is the 413
        eq(r.header("Connection"), "close", f"{what}: Connection")
        check(c.closed_within(3), f"{what}: connection not closed")
    c.close()
    return r

put("PUT of 500 bytes", "ok.bin", 500, 201)
put("PUT of 500 bytes with Expect", "ok2.bin", 500, 201, expect=True)
put("PUT of 501 bytes", "big.bin", 501, 413)
put("PUT of 501 bytes with Expect (no 100)", "big2.bin", 501, 413, expect=True)
put("PUT of 2000 bytes with Expect (over --max-body)", "big3.bin", 2000, 413, expect=True)
put("chunked PUT of 500 bytes", "chunk-ok.bin", 500, 201, chunked=True)
put("chunked PUT of 600 bytes", "chunk-big.bin", 600, 413, chunked=True)
eq(sorted(os.listdir(store)), ["chunk-ok.bin", "ok.bin", "ok2.bin"],
   "files in the store (refused uploads leave none)")
eq(os.path.getsize(os.path.join(store, "ok.bin")), 500, "size of the 500-byte PUT")

# RFC 9112 9.6: a refused upload whose body keeps coming is closed in
# stages (close_notify, FIN, the rest read and dropped), not with a reset
# that could destroy the 413 before the client reads it
c = Conn()
c.send(b"PUT /files/staged.bin HTTP/1.1\r\n" + H +
       b"Content-Length: 200000\r\n\r\n" + b"s" * 200000)
r = c.response()
eq((r.status, r.header("Connection")), (413, "close"), "a refused 200 kB upload")
check(c.closed_within(3) and c.clean_close, "refused upload: no close_notify and FIN")
try:
    # on the TCP socket under TLS: the server still reads, no reset
    os.write(c.sock.fileno(), b"late bytes")
    time.sleep(0.2)
    os.write(c.sock.fileno(), b"late bytes")
except OSError as e:
    check(False, f"refused upload: the server reset the connection ({e})")
c.close()
check("staged.bin" not in os.listdir(store), "refused upload left a file")

# --max-body for other methods: a POST body is read and dropped up to it
one("POST of 1000 bytes", build("POST", "/", body=b"b" * 1000), 405, closed=False)
rs = one("POST of 1001 bytes with Expect",
         build("POST", "/", headers=[("Expect", "100-continue"),
                                     ("Content-Length", "1001")]), 413)
rs = one("chunked POST of 1200 bytes",
         build("POST", "/", headers=[("Transfer-Encoding", "chunked")]) +
         (b"190\r\n" + b"q" * 400 + b"\r\n") * 3 + b"0\r\n\r\n", 413)
done()
EOF
stop_serve "$master"

serve_finish "ward serve: connection, request line, header and body limits"
