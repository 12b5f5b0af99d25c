#!/usr/bin/env bash
# `ward serve` speaks strict HTTP/1.1 (RFC 9110, 9112), driven byte by byte
# over TLS from python: framing refusals and their status codes, which of
# them close the connection, persistence for 1.1 and 1.0, pipelining,
# chunked uploads with extensions and trailers, Expect, HEAD, and the
# methods (OPTIONS, TRACE, CONNECT, POST to a static file).
set -euo pipefail
. "$(dirname "$0")/serve_lib.sh"

site=$scratch/site
store=$scratch/store
mkdir -p "$site/dir" "$store"
echo "hello" >"$site/index.html"
for i in 1 2 3 4 5; do echo "part $i" >"$site/p$i.txt"; done
head -c 70000 /dev/urandom >"$site/blob.bin"

start_serve http --root "$site" --store "/files/=$store" --store-public
py <<'EOF' || bad "raw HTTP cases"
import os
import serve_client
from serve_client import *

store = os.path.join(os.environ["SCRATCH"], "store")

def case(what, raw, status, closed, head=False):
    """One request as raw bytes on a fresh connection: the status of the
    first response, whether the server closed, and for a close, that the
    response said so."""
    try:
        rs, was_closed = exchange(raw, head=head, linger=3 if closed else 0.3)
    except Exception as e:
        check(False, f"{what}: {e!r}")
        return None
    if not check(len(rs) == 1, f"{what}: no response"):
        return None
    r = rs[0]
    eq(r.status, status, f"{what}: status")
    eq(was_closed, closed, f"{what}: connection closed")
    if closed and r.status >= 400:
        eq(r.header("Connection"), "close", f"{what}: Connection header")
    if closed and was_closed:
        # RFC 8446 6.1: the server ends with close_notify
        eq(serve_client.last_conn.clean_close, True,
           f"{what}: close_notify before the close")
    return r

H = b"Host: localhost\r\n"

# --- framing the server refuses: 400 and close ---
case("Content-Length with Transfer-Encoding",
     b"POST /files/x HTTP/1.1\r\n" + H +
     b"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400, True)
case("Transfer-Encoding with Content-Length",
     b"PUT /files/x HTTP/1.1\r\n" + H +
     b"Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n", 400, True)
case("two different Content-Length fields",
     b"PUT /files/x HTTP/1.1\r\n" + H +
     b"Content-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", 400, True)
case("a Content-Length list of different values",
     b"PUT /files/x HTTP/1.1\r\n" + H + b"Content-Length: 3, 4\r\n\r\nabcd", 400, True)
case("two identical Content-Length fields (the stricter choice)",
     b"PUT /files/x HTTP/1.1\r\n" + H +
     b"Content-Length: 3\r\nContent-Length: 3\r\n\r\nabc", 400, True)
case("a Content-Length list of identical values",
     b"PUT /files/x HTTP/1.1\r\n" + H + b"Content-Length: 3, 3\r\n\r\nabc", 400, True)
case("a negative Content-Length",
     b"PUT /files/x HTTP/1.1\r\n" + H + b"Content-Length: -1\r\n\r\n", 400, True)
case("obs-fold", b"GET / HTTP/1.1\r\n" + H + b"X-A: one\r\n two\r\n\r\n", 400, True)
case("whitespace before the colon", b"GET / HTTP/1.1\r\n" + H + b"X-A : 1\r\n\r\n",
     400, True)
case("bad chunk size",
     b"PUT /files/chunky HTTP/1.1\r\n" + H +
     b"Transfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n0\r\n\r\n", 400, True)
case("chunk size without CRLF after the data",
     b"PUT /files/chunky HTTP/1.1\r\n" + H +
     b"Transfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n", 400, True)
check(not os.path.exists(os.path.join(store, "chunky")),
      "a refused chunked body left a file")
case("a control character in a field value",
     b"GET / HTTP/1.1\r\n" + H + b"X-A: a\x01b\r\n\r\n", 400, True)
case("NUL in a field value", b"GET / HTTP/1.1\r\n" + H + b"X-A: a\x00b\r\n\r\n",
     400, True)
case("a control character in the target", b"GET /a\x7fb HTTP/1.1\r\n" + H + b"\r\n",
     400, True)
case("a bare LF line end", b"GET / HTTP/1.1\n" + H + b"\r\n", 400, True)
case("missing Host in HTTP/1.1", b"GET / HTTP/1.1\r\n\r\n", 400, True)
case("two Host fields", b"GET / HTTP/1.1\r\n" + H + H + b"\r\n", 400, True)
case("a fragment in the target", b"GET /#x HTTP/1.1\r\n" + H + b"\r\n", 400, True)
# RFC 9112 6.3: a final coding other than chunked leaves the length unknown
# (400); a coding ward does not implement before chunked is 501 (6.1)
case("Transfer-Encoding: gzip alone",
     b"PUT /files/x HTTP/1.1\r\n" + H + b"Transfer-Encoding: gzip\r\n\r\n", 400, True)
case("Transfer-Encoding: gzip, chunked",
     b"PUT /files/x HTTP/1.1\r\n" + H +
     b"Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", 501, True)
case("HTTP/2.0 request line", b"GET / HTTP/2.0\r\n" + H + b"\r\n", 505, True)
case("HTTP/1.2 request line", b"GET / HTTP/1.2\r\n" + H + b"\r\n", 505, True)
case("a lower-case version", b"GET / http/1.1\r\n" + H + b"\r\n", 400, True)
case("unknown expectation",
     b"PUT /files/x HTTP/1.1\r\n" + H +
     b"Expect: something\r\nContent-Length: 2\r\n\r\nab", 417, True)
check(not os.path.exists(os.path.join(store, "x")), "a refused PUT left a file")

# --- refused, but the framing is sound: the connection stays ---
c = Conn()
r = c.request("FOO", "/")
eq(r.status, 501, "unknown method")
r = c.request("get", "/")
eq(r.status, 501, "methods are case-sensitive")
r = c.request("GET", "/")
eq((r.status, r.body), (200, b"hello\n"), "a request after the 501s")
c.close()

# --- persistence ---
c = Conn()
for i in range(2):
    r = c.request("GET", "/index.html")
    eq((r.status, r.body), (200, b"hello\n"), f"HTTP/1.1 request {i + 1}")
    eq(r.header("Connection"), None, "HTTP/1.1 keep-alive: no Connection field")
check(c.is_open(), "HTTP/1.1 connection closed after two requests")
c.close()

r = case("Connection: close",
         b"GET / HTTP/1.1\r\n" + H + b"Connection: close\r\n\r\n", 200, True)
if r:
    eq(r.header("Connection"), "close", "Connection: close answered")
r = case("HTTP/1.0", b"GET / HTTP/1.0\r\n\r\n", 200, True)
if r:
    eq(r.body, b"hello\n", "HTTP/1.0 body")
    check(r.header("Connection") in (None, "close"),
          f"HTTP/1.0 answer says Connection: {r.header('Connection')}")
c = Conn()
c.send(b"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
r = c.response()
eq((r.status, r.header("Connection")), (200, "keep-alive"),
   "HTTP/1.0 keep-alive answer")
check(c.is_open(), "HTTP/1.0 keep-alive connection closed")
c.send(b"GET /p1.txt HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
r = c.response()
eq((r.status, r.body), (200, b"part 1\n"), "second HTTP/1.0 keep-alive request")
c.close()

# --- pipelining: five requests in one write, answered in order ---
c = Conn()
c.send(b"".join(build("GET", f"/p{i}.txt") for i in range(1, 6)))
for i in range(1, 6):
    r = c.response()
    eq((r.status, r.body), (200, f"part {i}\n".encode()), f"pipelined response {i}")
# a mix, with a HEAD, a big body, a 404 and a PUT with its body, in one write
c.send(build("HEAD", "/blob.bin") + build("GET", "/blob.bin") +
       build("GET", "/nope") + build("PUT", "/files/piped", body=b"piped body") +
       build("GET", "/files/piped"))
blob = open(os.path.join(os.environ["SCRATCH"], "site/blob.bin"), "rb").read()
r = c.response(head=True)
eq((r.status, r.header("Content-Length"), r.body), (200, str(len(blob)), b""),
   "pipelined HEAD")
r = c.response()
check(r.status == 200 and r.body == blob, "pipelined GET of 70000 bytes")
eq(c.response().status, 404, "pipelined 404")
eq(c.response().status, 201, "pipelined PUT")
eq(c.response().body, b"piped body", "pipelined GET after PUT")
c.close()

# a pipeline longer than the server reads ahead (64 KiB of requests)
c = Conn()
c.send(b"".join(build("GET", f"/p{i % 5 + 1}.txt", headers=[("X-N", str(i))])
                for i in range(2000)))
got = 0
for i in range(2000):
    r = c.response()
    if r.status != 200 or r.body != f"part {i % 5 + 1}\n".encode():
        break
    got += 1
eq(got, 2000, "responses in order to a 2000-request pipeline")
c.close()

# --- one TLS handshake for many requests ---
c = Conn()
for i in range(20):
    r = c.request("GET", f"/p{i % 5 + 1}.txt")
    if not eq(r.status, 200, f"request {i + 1} on one connection"):
        break
r = c.request("GET", "/.well-known/ward/connection")
eq(r.status, 200, "endpoint on a reused connection")
c.close()

# --- bodies ---
# chunked, with chunk extensions and a trailer section
c = Conn()
c.send(b"PUT /files/chunked.txt HTTP/1.1\r\n" + H +
       b"Transfer-Encoding: chunked\r\n\r\n"
       b"5;name=value;q=\"quoted;\\\"x\"\r\nhello\r\n"
       b"1 ; spaced=1\r\n,\r\n"
       b"A\r\n worldwide\r\n"
       b"0;last\r\nX-Checksum: abc\r\nX-Other: 1\r\n\r\n")
r = c.response()
eq(r.status, 201, "chunked PUT")
eq(r.header("Location"), "/files/chunked.txt", "chunked PUT Location")
r = c.request("GET", "/files/chunked.txt")
eq(r.body, b"hello, worldwide", "chunked PUT content")
c.close()
eq(open(os.path.join(store, "chunked.txt"), "rb").read(), b"hello, worldwide",
   "chunked PUT bytes on disk")

# Expect: 100-continue: the interim answer comes before the body is sent
c = Conn()
c.send(b"PUT /files/expect.txt HTTP/1.1\r\n" + H +
       b"Expect: 100-continue\r\nContent-Length: 7\r\n\r\n")
r = c.response()
eq((r.status, r.reason, r.version), (100, "Continue", "HTTP/1.1"), "100 Continue")
c.send(b"content")
r = c.response()
eq(r.status, 201, "final answer after 100 Continue")
r = c.request("GET", "/files/expect.txt")
eq(r.body, b"content", "content sent after 100 Continue")
# HTTP/1.0 gets no 100 (RFC 9110 10.1.1): the body is just read
c.send(b"PUT /files/expect.txt HTTP/1.0\r\nConnection: keep-alive\r\n"
       b"Expect: 100-continue\r\nContent-Length: 3\r\n\r\nnew")
eq(c.response().status, 204, "HTTP/1.0 with Expect: no 100, replaced")
c.close()

# a body the handler does not want (POST to a static file) is read and
# dropped; the connection goes on
c = Conn()
r = c.request("POST", "/index.html", body=b"x" * 5000)
eq(r.status, 405, "POST to a static file")
eq(r.header("Allow"), "GET, HEAD, OPTIONS", "POST to a static file: Allow")
r = c.request("GET", "/p2.txt")
eq((r.status, r.body), (200, b"part 2\n"), "request after a dropped body")
c.close()

# HEAD: the length of GET, no body (the next response parses right after)
c = Conn()
g = c.request("GET", "/blob.bin")
h = c.request("HEAD", "/blob.bin")
eq((h.status, h.body), (200, b""), "HEAD")
for name in ("Content-Length", "Content-Type", "ETag", "Last-Modified"):
    eq(h.header(name), g.header(name), f"HEAD {name}")
h = c.request("HEAD", "/missing")
eq((h.status, h.body), (404, b""), "HEAD of a missing file")
check(h.header("Content-Length") not in (None, "0"), "HEAD 404 keeps its length")
r = c.request("GET", "/p3.txt")
eq(r.body, b"part 3\n", "GET after HEAD")
c.close()

# --- methods ---
c = Conn()
r = c.request("OPTIONS", "/index.html")
eq((r.status, r.header("Allow")), (204, "GET, HEAD, OPTIONS"), "OPTIONS /index.html")
r = c.request("OPTIONS", "/files/anything")
eq((r.status, r.header("Allow")), (204, "GET, HEAD, OPTIONS, PUT, DELETE"),
   "OPTIONS of a store path")
r = c.request("OPTIONS", "*")
eq((r.status, r.header("Allow")), (204, "GET, HEAD, OPTIONS, PUT, DELETE"),
   "OPTIONS *")
eq(r.body, b"", "OPTIONS * body")
r = c.request("TRACE", "/", headers=[("Cookie", "c=1")])
eq((r.status, r.header("Allow")), (405, "GET, HEAD, OPTIONS"), "TRACE without --enable-trace")
r = c.request("CONNECT", "localhost:443", host="localhost:443")
eq(r.status, 405, "CONNECT")
check("GET" in (r.header("Allow") or ""), "CONNECT: Allow")
r = c.request("DELETE", "/index.html")
eq((r.status, r.header("Allow")), (405, "GET, HEAD, OPTIONS"), "DELETE of a static file")
r = c.request("GET", "*")
eq(r.status, 400, "GET *")
c.close()
done()
EOF

# curl: several URLs, one connection
out=$(hcurl /p1.txt -o /dev/null -o /dev/null -o /dev/null -w '%{num_connects} ' \
	"https://localhost:$port/p2.txt" "https://localhost:$port/p3.txt") || true
check_eq "$out" "1 0 0 " "curl: connections opened for three URLs"
stop_serve "$master"

# --- TRACE when enabled: the head echoed, credentials left out ---
start_serve trace --root "$site" --enable-trace
py <<'EOF' || bad "TRACE"
from serve_client import *
c = Conn()
c.send(b"TRACE /a?b=c HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic eDp5\r\n"
       b"X-Mine: kept\r\nCookie: secret=1\r\nProxy-Authorization: Basic eDp5\r\n\r\n")
r = c.response()
eq(r.status, 200, "TRACE status")
eq(r.header("Content-Type"), "message/http", "TRACE Content-Type")
eq(r.body, b"TRACE /a?b=c HTTP/1.1\r\nHost: localhost\r\nX-Mine: kept\r\n\r\n",
   "TRACE body")
r = c.request("OPTIONS", "/")
eq(r.header("Allow"), "GET, HEAD, OPTIONS, TRACE", "Allow with --enable-trace")
done()
EOF
stop_serve "$master"

serve_finish "ward serve: HTTP/1.1 framing, persistence, pipelining, bodies, methods"
