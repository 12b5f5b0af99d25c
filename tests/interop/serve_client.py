#!/usr/bin/env python3
"""Raw HTTP/1.1 over TLS for the `ward serve` tests: the bytes curl will not
send (broken framing, pipelines, half requests, clients that stop reading),
and a strict reader of what comes back. Standard library only; talks to
127.0.0.1 and ::1 only.

As a module (the test scripts run python3 with this directory on sys.path):

    c = Conn(port)                       # TLS to 127.0.0.1:port, SNI localhost
    c.send(b"GET / HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n")
    r = c.response()                     # Response: .status .headers .body
    c.closed_within(3)                   # EOF or reset within 3 s?

    check(cond, what)                    # note a failure, go on
    done()                               # exit 1 if anything failed

Environment: PORT (the server), CA (the CA certificate to verify with;
unset: no verification).
"""
import os
import socket
import ssl
import sys
import time

TIMEOUT = 10.0
failures = 0


def check(cond, what):
    """A sub-case: print FAIL and count it when cond is false."""
    global failures
    if not cond:
        failures += 1
        print(f"FAIL: {what}", file=sys.stderr, flush=True)
    return cond


def eq(got, want, what):
    return check(got == want, f"{what}: got {got!r}, want {want!r}")


def done(name=None):
    if failures:
        print(f"{failures} sub-case(s) failed", file=sys.stderr)
        sys.exit(1)
    if name:
        print(f"ok: {name}")
    sys.exit(0)


def env_port(name="PORT"):
    return int(os.environ[name])


def context(cafile=None, ciphers13=None, alpn=("http/1.1",)):
    cafile = cafile if cafile is not None else os.environ.get("CA")
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_3
    # the tests trust ward's CA as a user would; nothing skips verification
    if not cafile:
        raise SystemExit("serve_client: no CA file (set CA=)")
    ctx.load_verify_locations(cafile)
    if alpn:
        ctx.set_alpn_protocols(list(alpn))
    return ctx


class Response:
    def __init__(self, version, status, reason, headers, body):
        self.version = version
        self.status = status
        self.reason = reason
        self.headers = headers  # [(name, value)] as sent
        self.body = body
        self.trailers = []  # [(name, value)] after a chunked body

    def header(self, name, default=None):
        for n, v in self.headers:
            if n.lower() == name.lower():
                return v
        return default

    def all(self, name):
        return [v for n, v in self.headers if n.lower() == name.lower()]

    def __repr__(self):
        return f"<{self.status} {self.reason} {self.headers} {self.body[:80]!r}>"


class Closed(Exception):
    """The peer closed (or reset) the connection. Conn.clean_close says
    whether a TLS peer sent close_notify first."""


class Conn:
    """One connection: TLS (default) or plain TCP (tls=False)."""

    def __init__(self, port=None, host="127.0.0.1", sni="localhost",
                 tls=True, timeout=TIMEOUT, ctx=None, rcvbuf=None):
        port = port if port is not None else env_port()
        fam = socket.AF_INET6 if ":" in host else socket.AF_INET
        raw = socket.socket(fam, socket.SOCK_STREAM)
        if rcvbuf:
            raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        # no Nagle: a request written right after the handshake would
        # wait for the ACK of the client's Finished (a delayed ACK, 40 ms)
        raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        raw.settimeout(timeout)
        raw.connect((host, port))
        self.raw = raw
        if tls:
            ctx = ctx or context()
            # an end without close_notify raises, so it can be told apart
            self.sock = ctx.wrap_socket(raw, server_hostname=sni,
                                        suppress_ragged_eofs=False)
        else:
            self.sock = raw
        self.tls = tls
        self.sock.settimeout(timeout)
        self.buf = b""
        self.eof = False
        self.clean_close = None  # at EOF: whether close_notify came first

    def settimeout(self, t):
        self.sock.settimeout(t)

    def send(self, data):
        if isinstance(data, str):
            data = data.encode()
        self.sock.sendall(data)

    def _fill(self):
        """Read more into buf; Closed at EOF or on a reset."""
        if self.eof:
            raise Closed()
        clean = True
        try:
            data = self.sock.recv(65536)
        except ssl.SSLZeroReturnError:
            data = b""
        except (ConnectionResetError, BrokenPipeError, ssl.SSLEOFError):
            data, clean = b"", False
        if not data:
            self.eof = True
            self.clean_close = clean
            raise Closed()
        self.buf += data

    def _line(self):
        while b"\r\n" not in self.buf:
            if len(self.buf) > 1 << 20:
                raise ValueError("no line end in 1 MiB")
            self._fill()
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def _exactly(self, n):
        while len(self.buf) < n:
            self._fill()
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def response(self, head=False):
        """The next response (a 1xx is a response of its own). head: the
        request was HEAD, so no body follows whatever the headers say."""
        line = self._line().decode("latin-1")
        version, status, reason = (line.split(" ", 2) + [""])[:3]
        if not version.startswith("HTTP/1.") or len(status) != 3:
            raise ValueError(f"bad status line {line!r}")
        status = int(status)
        headers = []
        while True:
            h = self._line().decode("latin-1")
            if not h:
                break
            name, _, value = h.partition(":")
            headers.append((name, value.strip()))
        r = Response(version, status, reason, headers, b"")
        if head or status < 200 or status in (204, 304):
            return r
        te = r.header("Transfer-Encoding")
        cl = r.header("Content-Length")
        if te is not None:
            if te.lower() != "chunked":
                raise ValueError(f"Transfer-Encoding {te!r}")
            body = b""
            while True:
                size = int(self._line().split(b";")[0], 16)
                if size == 0:
                    while True:
                        t = self._line().decode("latin-1")
                        if not t:
                            break
                        name, _, value = t.partition(":")
                        r.trailers.append((name, value.strip()))
                    break
                body += self._exactly(size)
                if self._exactly(2) != b"\r\n":
                    raise ValueError("chunk without CRLF")
            r.body = body
        elif cl is not None:
            r.body = self._exactly(int(cl))
        else:
            try:
                while True:
                    self._fill()
            except Closed:
                pass
            r.body, self.buf = self.buf, b""
        return r

    def request(self, method, path, headers=(), body=b"", host="localhost"):
        """Send one request (Host first unless headers has one) and read
        its response."""
        self.send(build(method, path, headers, body, host))
        return self.response(head=method == "HEAD")

    def closed_within(self, seconds):
        """Whether the peer closes the connection within `seconds`; bytes
        that arrive meanwhile are kept in buf."""
        end = time.monotonic() + seconds
        try:
            while True:
                left = end - time.monotonic()
                if left <= 0:
                    return False
                self.sock.settimeout(left)
                self._fill()
        except Closed:
            return True
        except (socket.timeout, TimeoutError):
            return False
        except OSError:  # any other TLS or socket failure ends it too
            self.eof, self.clean_close = True, False
            return True

    def is_open(self, seconds=0.3):
        return not self.closed_within(seconds)

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


# Header fields build() adds to every request that does not name them,
# e.g. [("Authorization", basic("alice", "pw"))] for a store's writes.
default_headers = []


def basic(user, password):
    """The value of an Authorization header for HTTP Basic (RFC 7617)."""
    import base64
    raw = f"{user}:{password}".encode()
    return "Basic " + base64.b64encode(raw).decode()


def build(method, path, headers=(), body=b"", host="localhost"):
    """A request's bytes: Host first unless given, Content-Length added for
    a body unless a framing header is given, then default_headers."""
    if isinstance(body, str):
        body = body.encode()
    given = {n.lower() for n, _ in headers}
    headers = list(headers) + [(n, v) for n, v in default_headers
                               if n.lower() not in given]
    names = {n.lower() for n, _ in headers}
    lines = [f"{method} {path} HTTP/1.1"]
    if "host" not in names and host is not None:
        lines.append(f"Host: {host}")
    lines += [f"{n}: {v}" for n, v in headers]
    if body and "content-length" not in names and \
            "transfer-encoding" not in names:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def request(method, path, headers=(), body=b"", port=None, **kw):
    """One request on a fresh connection."""
    c = Conn(port, **kw)
    try:
        return c.request(method, path, headers, body)
    finally:
        c.close()


last_conn = None  # exchange's connection, e.g. for its clean_close


def exchange(raw, port=None, n=1, head=False, linger=3.0, **kw):
    """Send raw bytes on a fresh connection; return (responses, closed):
    up to n responses and whether the server then closed within `linger`
    seconds (a server closes right after its answer: when the connection
    should stay open, a short linger is proof enough)."""
    global last_conn
    c = last_conn = Conn(port, **kw)
    out = []
    try:
        c.send(raw)
        for _ in range(n):
            try:
                out.append(c.response(head=head))
            except Closed:
                break
        return out, c.closed_within(linger)
    finally:
        c.close()


def free_port(host="127.0.0.1"):
    fam = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(fam) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


if __name__ == "__main__":
    # serve_client.py freeport [HOST]
    if len(sys.argv) >= 2 and sys.argv[1] == "freeport":
        print(free_port(sys.argv[2] if len(sys.argv) > 2 else "127.0.0.1"))
        sys.exit(0)
    print(__doc__, file=sys.stderr)
    sys.exit(2)


def wait_log(text, seconds=20, path=None):
    """Waits for TEXT in the server's log (LOG in the environment)."""
    path = path or os.environ["LOG"]
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        with open(path, errors="replace") as f:
            if text in f.read():
                return True
        time.sleep(0.05)
    return check(False, f"no log line '{text}' within {seconds} s")


def log_has(text, path=None):
    with open(path or os.environ["LOG"], errors="replace") as f:
        return text in f.read()


def gone(pid):
    """True once PID has exited (a zombie counts)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] == "Z"
    except OSError:
        # ENOENT, or ESRCH when it is reaped between open and read
        return True


def wait_gone(pid, seconds):
    end = time.monotonic() + seconds
    while not gone(pid) and time.monotonic() < end:
        time.sleep(0.05)
    return gone(pid)
