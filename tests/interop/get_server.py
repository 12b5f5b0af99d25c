"""An HTTP/1.1 server for the `ward get` tests (tests/interop/test_get.sh):
plain, or TLS with --tls CERT KEY. Prints "listening PORT" once bound on
127.0.0.1 (or --host ::1; a free port), and appends "CLIENT-PORT METHOD
PATH" per request to --log, so a test can tell which requests shared a TCP
connection. With --full it serves nothing: its accept queue is filled, so
that a connect to it waits (for the connect timeout tests).

  /hello            200, "hello\\n" with Content-Length
  /chunked          200, chunked in three chunks, with an X-Sum trailer
  /http10           an HTTP/1.0 response delimited by the close
  /r/N              302 to /r/N-1 (relative), /r/0 is 200 "done\\n"
  /slow-r/N         like /r/N, each answer 0.6 s late
  /loop             302 to itself
  /see-other        303 to /echo;  /temp  307 to /echo;  /perm  308 to echo
  /other-host       302 to http://127.0.0.1:PORT/echo (another host name)
  /echo             200, "METHOD PATH\\n" the Authorization line and body
  /headers          200, the request line, then "Name: [value]" lines
  /status/N         status N
  /blob             1 MiB of fixed pseudo-random bytes
  /idle-close       200 "bye\n" as if kept alive, then closes the connection
  /raw/NAME         the bytes of RAW[NAME] as the whole answer (then closes
                    unless NAME ends in "-open")
  /silent           reads the request, answers nothing for 30 s
  /te-echo          a chunked request body decoded: "LENGTH SHA256" of the
                    body, the chunk sizes seen, then the trailer lines
  /final-first      to "Expect: 100-continue", 413 at once, then logs
                    "body-bytes N": what the client sent in the next 1.5 s
  /no-continue      to "Expect: 100-continue", no 100: the body is read
                    when it comes, then echoed like /echo
  /coded/NAME       BLOB with Content-Encoding as CODED[NAME] says: gzip,
                    deflate (zlib), deflate-raw, gzip-multi (two members),
                    gzip-chunked, gzip-bad (a flipped byte), gzip-cut (the
                    stream cut short, framed whole), deflate-tail (a second
                    zlib stream after the first), br (passed on)
  /setc?c=V&c=W     200 with a Set-Cookie field per c (URL-encoded); with
                    loc=URL a 302 to URL instead
  /cookies          200, "Cookie: [value]" or "Cookie: none"
  /pipe/NAME        "NAME\n"; with ?next, first waits up to 3 s for the
                    next request to arrive on the connection and answers
                    "NAME next-waiting yes|no\n" (yes: it was sent before
                    this answer, i.e. pipelined)
  /stream           a chunked request body: logs "first-chunk BYTES" as
                    soon as its first chunk is whole, then answers "chunks
                    N bytes B first FIRST" once the body ends
With --conns FILE, the client port of each new connection is appended
to FILE.
"""
import argparse
import hashlib
import os
import socket
import http.server
import socketserver
import ssl

import threading
import urllib.parse
import time
import zlib

def deflated(data, wbits):
    z = zlib.compressobj(6, zlib.DEFLATED, wbits)
    return z.compress(data) + z.flush()


def coded():
    gz = deflated(BLOB, 16 + 15)
    half = len(BLOB) // 2
    bad = bytearray(gz)
    bad[len(bad) // 2] ^= 0x55
    return {
        "gzip": ("gzip", gz),
        "x-gzip": ("x-gzip", gz),
        "deflate": ("deflate", deflated(BLOB, 15)),
        "deflate-raw": ("deflate", deflated(BLOB, -15)),
        "gzip-multi": ("gzip", deflated(BLOB[:half], 31) +
                       deflated(BLOB[half:], 31)),
        "gzip-chunked": ("gzip", gz),
        "gzip-bad": ("gzip", bytes(bad)),
        "gzip-cut": ("gzip", gz[: len(gz) - 100]),
        "deflate-tail": ("deflate", deflated(BLOB, 15) + deflated(b"junk", 15)),
        "br": ("br", b"not really brotli"),
    }


args = None
log_lock = threading.Lock()


def blob():
    out, h = bytearray(), b"ward"
    while len(out) < 1 << 20:
        h = hashlib.sha256(h).digest()
        out += h
    return bytes(out[: 1 << 20])


BLOB = blob()
CODED = coded()

RAW = {
    # both framings: the chunked one wins, the connection is not reused
    "te-cl-open": b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n"
                  b"Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
    "bad-cl": b"HTTP/1.1 200 OK\r\nContent-Length: 1, 2\r\n\r\nxy",
    "obs-fold": b"HTTP/1.1 200 OK\r\nX: a\r\n b\r\nContent-Length: 0\r\n\r\n",
    "not-http": b"<html>hello</html>\n",
    "empty": b"",
    "truncated": b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc",
    "truncated-chunked": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked"
                         b"\r\n\r\n5\r\nab",
    "interim-open": b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\n"
                    b"Link: </s.css>\r\n\r\nHTTP/1.1 200 OK\r\n"
                    b"Content-Length: 3\r\n\r\nyes",
    "empty-location": b"HTTP/1.1 302 Found\r\nLocation:\r\n"
                      b"Content-Length: 0\r\n\r\n",
    "switch": b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n",
}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *a):
        pass

    def setup(self):
        super().setup()
        if args.conns:
            with log_lock, open(args.conns, "a") as f:
                f.write(f"{self.client_address[1]}\n")

    def log_line(self, line):
        with log_lock, open(args.log, "a") as f:
            f.write(line + "\n")

    def next_waiting(self):
        """Whether bytes of another request are already here, without
        reading them: the client sent it before this answer."""
        deadline = time.time() + 3
        while time.time() < deadline:
            self.connection.setblocking(False)
            try:
                if self.rfile.peek(1):
                    return True
            except (BlockingIOError, OSError):
                pass
            finally:
                self.connection.setblocking(True)
            time.sleep(0.02)
        return False

    def stream(self):
        if self.headers.get("Transfer-Encoding") != "chunked":
            return b"not chunked\n"
        sizes, body, first = [], b"", b""
        while True:
            n = int(self.rfile.readline().split(b";")[0], 16)
            if n == 0:
                break
            data = self.rfile.read(n)
            self.rfile.readline()
            if not sizes:
                first = data
                self.log_line(f"first-chunk {len(data)}")
            sizes.append(n)
            body += data
        while self.rfile.readline() not in (b"\r\n", b""):
            pass
        return (f"chunks {len(sizes)} bytes {len(body)} first ".encode() +
                first + b"\n")

    def note(self):
        with log_lock, open(args.log, "a") as f:
            f.write(f"{self.client_address[1]} {self.command} {self.path}\n")

    def send(self, status, body=b"", headers=()):
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def handle_expect_100(self):
        if self.path == "/final-first":
            self.note()
            self.send_response(413)
            self.send_header("Content-Length", "0")
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.flush()
            self.connection.settimeout(1.5)
            got = 0
            try:
                while True:
                    b = self.connection.recv(65536)
                    if not b:
                        break
                    got += len(b)
            except (socket.timeout, OSError):
                pass
            with log_lock, open(args.log, "a") as f:
                f.write(f"body-bytes {got}\n")
            self.close_connection = True
            return False
        if self.path == "/no-continue":
            return True
        return super().handle_expect_100()

    def read_chunked(self):
        body, sizes, trailers = b"", [], []
        while True:
            n = int(self.rfile.readline().split(b";")[0], 16)
            sizes.append(n)
            if n == 0:
                break
            body += self.rfile.read(n)
            self.rfile.readline()
        while True:
            line = self.rfile.readline()
            if line in (b"\r\n", b""):
                break
            trailers.append(line.rstrip(b"\r\n").decode())
        return body, sizes, trailers

    def te_echo(self):
        if self.headers.get("Transfer-Encoding") != "chunked":
            return b"not chunked\n"
        body, sizes, trailers = self.read_chunked()
        out = f"{len(body)} {hashlib.sha256(body).hexdigest()}\n"
        out += f"chunks {len(sizes)} max {max(sizes)}\n"
        out += f"Trailer: [{self.headers.get('Trailer')}]\n"
        return (out + "".join(t + "\n" for t in trailers)).encode()

    def body(self):
        if self.headers.get("Transfer-Encoding") == "chunked":
            return self.read_chunked()[0]
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def handle_any(self):
        self.note()
        p = self.path
        te = self.te_echo() if p == "/te-echo" else b""
        if p == "/stream":
            te = self.stream()
        data = b"" if p in ("/te-echo", "/stream") else self.body()
        url = urllib.parse.urlsplit(p)
        q = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        if p == "/stream":
            self.send(200, te)
        elif url.path == "/setc":
            hs = [("Set-Cookie", v) for v in q.get("c", [])]
            if "loc" in q:
                self.send(302, b"", hs + [("Location", q["loc"][0])])
            else:
                self.send(200, b"set\n", hs)
        elif url.path == "/cookies":
            v = self.headers.get("Cookie")
            self.send(200, f"Cookie: {'[' + v + ']' if v else 'none'}\n"
                      .encode())
        elif url.path.startswith("/pipe/"):
            name = url.path[6:]
            if "next" in q:
                yes = "yes" if self.next_waiting() else "no"
                self.send(200, f"{name} next-waiting {yes}\n".encode())
            else:
                self.send(200, f"{name}\n".encode())
        elif p == "/hello":
            self.send(200, b"hello\n", [("Content-Type", "text/plain")])
        elif p == "/chunked":
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.send_header("Trailer", "X-Sum")
            self.end_headers()
            for c in (b"abc", b"defg", b"\n"):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(c), c))
            self.wfile.write(b"0\r\nX-Sum: 8\r\n\r\n")
        elif p == "/http10":
            self.wfile.write(b"HTTP/1.0 200 OK\r\nContent-Type: text/plain"
                             b"\r\n\r\nuntil the close\n")
            self.wfile.flush()
            self.close_connection = True
        elif p.startswith("/r/"):
            n = int(p[3:])
            if n == 0:
                self.send(200, b"done\n")
            else:
                self.send(302, b"", [("Location", f"/r/{n - 1}")])
        elif p.startswith("/slow-r/"):
            n = int(p[8:])
            time.sleep(0.6)
            if n == 0:
                self.send(200, b"done\n")
            else:
                self.send(302, b"", [("Location", f"/slow-r/{n - 1}")])
        elif p == "/loop":
            self.send(302, b"", [("Location", "/loop")])
        elif p == "/see-other":
            self.send(303, b"", [("Location", "/echo")])
        elif p == "/temp":
            self.send(307, b"", [("Location", "/echo")])
        elif p == "/perm":
            self.send(308, b"", [("Location", "echo")])
        elif p == "/other-host":
            port = self.server.server_address[1]
            self.send(302, b"", [("Location", f"http://127.0.0.1:{port}/echo")])
        elif p == "/te-echo":
            self.send(200, te)
        elif p in ("/echo", "/no-continue"):
            auth = self.headers.get("Authorization") or "-"
            out = f"{self.command} {p}\n{auth}\n".encode() + data
            self.send(200, out)
        elif p == "/headers":
            lines = [self.requestline] + [f"{k}: [{v}]" for k, v in
                                          self.headers.items()]
            self.send(200, "\n".join(lines).encode() + b"\n")
        elif p.startswith("/status/"):
            self.send(int(p[8:]), b"status body\n")
        elif p == "/blob":
            self.send(200, BLOB)
        elif p == "/idle-close":
            self.send(200, b"bye\n")
            self.close_connection = True
        elif p.startswith("/raw/") and p[5:] in RAW:
            self.wfile.write(RAW[p[5:]])
            self.wfile.flush()
            self.close_connection = not p.endswith("-open")
        elif p.startswith("/coded/") and p[7:] in CODED:
            enc, body = CODED[p[7:]]
            if p.endswith("-chunked"):
                self.send_response(200)
                self.send_header("Content-Encoding", enc)
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                for i in range(0, len(body), 1000):
                    c = body[i:i + 1000]
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(c), c))
                self.wfile.write(b"0\r\n\r\n")
            else:
                self.send(200, body, [("Content-Encoding", enc)])
        elif p == "/silent":
            time.sleep(30)
        else:
            self.send(404, b"not here\n")

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = handle_any


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


class Server6(Server):
    address_family = socket.AF_INET6


def full_listener():
    """A listener that never accepts, its queue full of our own connects:
    the kernel drops the SYNs that come next."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(0)
    fill = []
    for _ in range(3):
        c = socket.socket()
        c.setblocking(False)
        try:
            c.connect(s.getsockname())
        except BlockingIOError:
            pass
        fill.append(c)
    time.sleep(0.2)
    print(f"listening {s.getsockname()[1]}", flush=True)
    time.sleep(120)


def main():
    global args
    ap = argparse.ArgumentParser()
    ap.add_argument("--log", required=True)
    ap.add_argument("--tls", nargs=2)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--full", action="store_true")
    ap.add_argument("--conns")
    args = ap.parse_args()
    if args.full:
        full_listener()
        return
    srv = (Server6 if ":" in args.host else Server)((args.host, 0), Handler)
    if args.tls:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.tls[0], args.tls[1])
        ctx.set_alpn_protocols(["http/1.1"])
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    print(f"listening {srv.server_address[1]}", flush=True)
    # bounded: the test stops it, and it stops itself after 5 minutes
    threading.Timer(300, lambda: os._exit(0)).start()
    srv.serve_forever()


main()
