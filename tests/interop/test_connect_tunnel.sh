#!/usr/bin/env bash
# The tunnel after a CONNECT's 200 (docs/serve.md): 50 MiB each way through
# it (sha256 compared) while the proxy's worker stays within a bound
# (VmHWM: the relay stops reading a side whose peer does not keep up);
# bytes sent right behind the CONNECT head reach the target; the 200 has
# no Content-Length nor Transfer-Encoding; a half-close either way is
# passed on while the other way goes on; a silent tunnel ends at
# tunnel-timeout with close_notify; the log line counts both ways.
set -euo pipefail
. "$(dirname "$0")/serve_lib.sh"
need sha256sum

tsite=$scratch/tsite store=$scratch/store
mkdir -p "$tsite" "$store"
head -c $((50 * 1024 * 1024)) /dev/urandom >"$tsite/big.bin"
start_serve target --root "$tsite" --store "/files/=$store" --store-public
tport=$port

conf=$scratch/proxy.yaml
cat >"$conf" <<YAML
access-log: $scratch/access.log
tunnel-timeout: 2
sites:
  - names: [localhost]
    connect: {allow: ["127.0.0.1:*", "localhost:$tport"]}
YAML
export ASAN_OPTIONS="${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}quarantine_size_mb=0"
start_serve proxy --config "$conf"
log=$scratch/proxy.log
worker=$(pgrep -P "$master" | head -n 1)
hwm() { awk '/^VmHWM:/ {print $2}' "/proc/$worker/status"; }

pcurl() {
	local url=$1
	shift
	curl -sS --max-time 60 --proxy "https://localhost:$port" \
		--resolve "localhost:$port:127.0.0.1" \
		--proxy-cacert "$ca/ca.pem" --cacert "$ca/ca.pem" "$@" "$url"
}

# --- 50 MiB down to a client slower than the target, 50 MiB up ---
before=$(hwm)
pcurl "https://localhost:$tport/big.bin" --limit-rate 25M \
	-o "$scratch/down.bin" || bad "download through the tunnel failed"
check_eq "$(sha256sum <"$scratch/down.bin")" "$(sha256sum <"$tsite/big.bin")" \
	"sha256 of 50 MiB down the tunnel"
code=$(pcurl "https://localhost:$tport/files/up.bin" -T "$tsite/big.bin" \
	-o /dev/null -w '%{http_connect} %{http_code}') || true
check_eq "$code" "200 201" "CONNECT, then PUT of 50 MiB up the tunnel"
check_eq "$(sha256sum <"$store/up.bin")" "$(sha256sum <"$tsite/big.bin")" \
	"sha256 of 50 MiB up the tunnel"
after=$(hwm)
grew=$((after - before))
echo "proxy worker VmHWM: $before kB before, $after kB after 2 x 50 MiB"
[ "$grew" -lt 12288 ] ||
	bad "the proxy worker grew by $grew kB for 50 MiB each way (bound 12 MiB)"
# the bytes of each way: 50 MiB and TLS records' overhead in one
wait_until 50 grep -qE "CONNECT localhost:$tport .* 200 525[0-9]{5} .* tunnel up=[0-9]{3,4} down=525[0-9]{5} " \
	"$scratch/access.log" ||
	bad "no log line of the download's tunnel: $(tail -n 3 "$scratch/access.log")"
grep -qE "CONNECT localhost:$tport .* 200 [0-9]{4} .* tunnel up=52[0-9]{6} down=[0-9]{4} " \
	"$scratch/access.log" ||
	bad "no log line of the upload's tunnel: $(tail -n 3 "$scratch/access.log")"

# --- raw: pipelined bytes, the 200's head, half-closes, the idle end ---
py PROXY_LOG="$log" <<'PY'
import socket, ssl, threading, time
import serve_client as sc
import connect_lib as cl

# the target: plain TCP, one connection per case, scripted by `script`
lsock = socket.socket()
lsock.bind(("127.0.0.1", 0))
lsock.listen(4)
tport = lsock.getsockname()[1]
got = {}

def target(script):
    s, _ = lsock.accept()
    s.settimeout(10)
    try:
        script(s)
    finally:
        s.close()

def run_target(script):
    t = threading.Thread(target=target, args=(script,), daemon=True)
    t.start()
    return t

def read_until_eof(s):
    data = b""
    while True:
        b = s.recv(65536)
        if not b:
            return data
        data += b

def connect(extra=b""):
    return cl.connect(tport, extra)

# 1. bytes right behind the head are the tunnel's; the 200 frames nothing
def t1(s):
    got["t1"] = b""
    while len(got["t1"]) < 15:
        b = s.recv(100)
        if not b:
            break
        got["t1"] += b
    s.sendall(b"pong")
th = run_target(t1)
c, head, rest = connect(b"hello-pipelined")
sc.check(head.startswith("HTTP/1.1 200 "), f"CONNECT answered 200: {head!r}")
fields = [l.split(":", 1)[0].lower() for l in head.split("\r\n")[1:]]
sc.check("content-length" not in fields and "transfer-encoding" not in fields,
         f"no Content-Length nor Transfer-Encoding in the 200: {head!r}")
th.join(10)
sc.eq(got.get("t1"), b"hello-pipelined", "bytes pipelined behind the CONNECT head")
sc.eq(rest + c.read_exactly(4 - len(rest)), b"pong", "the target's answer")
c.raw.close()

# 2. the client's half-close (close_notify): the target sees its end,
#    and what it sends after reaches the client, then the clean end
def t2(s):
    got["t2"] = read_until_eof(s)
    s.sendall(b"after your end")
th = run_target(t2)
c, head, rest = connect()
sc.check(head.startswith("HTTP/1.1 200 "), f"CONNECT 2: {head!r}")
c.send(b"up-data")
c.close_notify()
th.join(10)
sc.eq(got.get("t2"), b"up-data", "the target read to its end (SHUT_WR passed on)")
data = rest
try:
    while True:
        b = c.recv()
        if not b:
            break
        data += b
    clean = True
except sc.Closed:
    clean = False
sc.eq(data, b"after your end", "bytes after the client's half-close")
sc.check(clean, "the tunnel ended with close_notify after the target's end")
c.raw.close()

# 3. the target's half-close: close_notify to the client, which still sends
def t3(s):
    s.sendall(b"bye")
    s.shutdown(socket.SHUT_WR)
    got["t3"] = read_until_eof(s)
th = run_target(t3)
c, head, rest = connect()
data = rest
while True:
    b = c.recv()
    if not b:
        break
    data += b
sc.eq(data, b"bye", "the target's bytes before its end")
c.send(b"still talking")
c.close_notify()
th.join(10)
sc.eq(got.get("t3"), b"still talking", "the client's bytes after the target's end")
c.raw.close()

# 4. silence: the tunnel ends at tunnel-timeout (2 s), with close_notify,
#    and the target's side is closed too
def t4(s):
    got["t4"] = read_until_eof(s)
th = run_target(t4)
c, head, rest = connect()
start = time.monotonic()
try:
    end = c.recv()
    clean = end == b""
except sc.Closed:
    clean = False
took = time.monotonic() - start
sc.check(clean, "an idle tunnel ends with close_notify")
sc.check(1.5 <= took <= 6, f"an idle tunnel ends after 2 s: {took:.1f} s")
th.join(10)
sc.eq(got.get("t4"), b"", "the target's side of the idle tunnel closed")
sc.check(sc.wait_log("idle timeout", path=__import__("os").environ["PROXY_LOG"]),
         "the idle end is in the error log")
sc.done("connect raw")
PY
[ $? -eq 0 ] || bad "raw CONNECT cases"

serve_finish connect_tunnel
