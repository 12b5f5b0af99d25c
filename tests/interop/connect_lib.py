"""Shared by the CONNECT tests: a TLS client over memory BIOs (so that it
can send close_notify and go on reading: a TLS half-close) and a CONNECT
through ward with it."""
import socket
import ssl

import serve_client as sc


class Tls:
    """TLS over a raw socket through memory BIOs, so that close_notify can
    be sent while reading goes on (a TLS half-close)."""
    def __init__(self, port):
        self.raw = socket.create_connection(("127.0.0.1", port), timeout=10)
        ctx = sc.context()
        self.inb, self.outb = ssl.MemoryBIO(), ssl.MemoryBIO()
        self.obj = ctx.wrap_bio(self.inb, self.outb,
                                server_hostname="localhost")
        self.eof = False
        while True:
            try:
                self.obj.do_handshake()
                break
            except ssl.SSLWantReadError:
                self.flush()
                self.fill()
        self.flush()
    def flush(self):
        data = self.outb.read()
        if data:
            self.raw.sendall(data)
    def fill(self):
        b = self.raw.recv(65536)
        if not b:
            self.inb.write_eof()
        else:
            self.inb.write(b)
        return b
    def send(self, data):
        self.obj.write(data)
        self.flush()
    def recv(self):
        """Bytes, or b"" at close_notify; raises at a cut without it."""
        while True:
            try:
                return self.obj.read(65536)
            except ssl.SSLWantReadError:
                self.flush()
                if not self.fill() and not self.obj.pending():
                    raise sc.Closed("TCP end without close_notify")
            except ssl.SSLZeroReturnError:
                return b""
    def read_exactly(self, n):
        data = b""
        while len(data) < n:
            b = self.recv()
            if not b:
                break
            data += b
        return data
    def close_notify(self):
        try:
            self.obj.unwrap()
        except ssl.SSLWantReadError:
            pass
        self.flush()

def connect(tport, extra=b"", port=None):
    """CONNECT to 127.0.0.1:tport through ward, extra sent behind the head
    in the same record: (the Tls, the response head, bytes after it)."""
    c = Tls(port if port is not None else sc.env_port())
    c.send(b"CONNECT 127.0.0.1:%d HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n"
           % (tport, tport) + extra)
    head = b""
    while b"\r\n\r\n" not in head:
        b = c.recv()
        if not b:
            break
        head += b
    head, rest = head.split(b"\r\n\r\n", 1) if b"\r\n\r\n" in head else (head, b"")
    return c, head.decode("latin-1"), rest
