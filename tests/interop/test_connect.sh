#!/usr/bin/env bash
# CONNECT tunnels (RFC 9110 9.3.6, docs/serve.md): curl --proxy https://
# through ward to an allowed target (a second ward serve over TLS, its
# certificate verified end to end), 403 for a target not in the site's
# allow list, 405 on a site without connect:, 502 for an allowed target
# that refuses; the access log line of a tunnel with its bytes.
set -euo pipefail
. "$(dirname "$0")/serve_lib.sh"

tsite=$scratch/tsite
mkdir -p "$tsite"
echo "the target" >"$tsite/index.html"
head -c 300000 /dev/urandom >"$tsite/300k.bin"
start_serve target --root "$tsite"
tport=$port
closed=$(freeport)
hold=$(freeport)
issue "$ca" "$scratch/other" ecdsa other.test

conf=$scratch/proxy.yaml
cat >"$conf" <<YAML
access-log: $scratch/access.log
drain-timeout: 2
sites:
  - names: [localhost]
    connect:
      allow: ["127.0.0.1:$tport", "localhost:$tport", "127.0.0.1:$closed",
            "127.0.0.1:$hold"]
    routes: [{path: /, static: {root: $tsite}}]
  - names: [other.test]
    tls: {cert: $scratch/other.pem, key: $scratch/other-key.pem}
    routes: [{path: /, static: {root: $tsite}}]
YAML
out=$("$WARD_BIN" check-config "$conf" 2>&1) || bad "check-config: $out"
start_serve proxy --config "$conf"
log=$scratch/proxy.log

# pcurl URL ARGS...: curl through the proxy at https://localhost:$port
# (its site by SNI), trusting the test CA for the proxy and the target
pcurl() {
	local url=$1
	shift
	curl -sS --max-time 20 --proxy "https://localhost:$port" \
		--resolve "localhost:$port:127.0.0.1" \
		--proxy-cacert "$ca/ca.pem" --cacert "$ca/ca.pem" "$@" "$url"
}

# --- an allowed target, by address and by name ---
got=$(pcurl "https://127.0.0.1:$tport/")
check_eq "$got" "the target" "body through the tunnel (address)"
got=$(pcurl "https://localhost:$tport/")
check_eq "$got" "the target" "body through the tunnel (name)"
pcurl "https://localhost:$tport/300k.bin" -o "$scratch/got.bin" \
	-w '%{http_connect} %{http_code}' >"$scratch/codes"
check_eq "$(cat "$scratch/codes")" "200 200" "CONNECT status, then GET's"
cmp -s "$scratch/got.bin" "$tsite/300k.bin" || bad "300 KB through the tunnel differ"

# --- refused: not in the list (another port, another host) ---
got=$(pcurl "https://127.0.0.1:$((tport + 1))/" -o /dev/null \
	-w '%{http_connect}' 2>/dev/null || true)
check_eq "$got" 403 "CONNECT to a port not in the list"
got=$(pcurl "https://other.test:$tport/" -o /dev/null \
	-w '%{http_connect}' 2>/dev/null || true)
check_eq "$got" 403 "CONNECT to a host not in the list"
grep -q "CONNECT other.test:$tport: not allowed" "$log" ||
	bad "the refusal is not in the error log: $(cat "$log")"

# --- allowed but unreachable: 502, the target named in the error log ---
got=$(pcurl "https://127.0.0.1:$closed/" -o /dev/null \
	-w '%{http_connect}' 2>/dev/null || true)
check_eq "$got" 502 "CONNECT to a closed port"
grep -q "CONNECT 127.0.0.1:$closed: Connection refused" "$log" ||
	bad "the unreachable target is not in the error log: $(cat "$log")"

# --- a site without connect: 405 ---
got=$(curl -sS --max-time 20 --proxy "https://other.test:$port" \
	--proxy-cacert "$ca/ca.pem" --cacert "$ca/ca.pem" \
	--resolve "other.test:$port:127.0.0.1" -o /dev/null \
	-w '%{http_connect}' "https://127.0.0.1:$tport/" 2>/dev/null || true)
check_eq "$got" 405 "CONNECT on a site without connect:"

# --- a reload: the old worker's tunnel ends at the drain's end (2 s),
#     with close_notify, and its log line is written ---
py HOLD="$hold" MASTER="$master" LOG="$log" <<'PY'
import os, signal, socket, time
import serve_client as sc
import connect_lib as cl
lsock = socket.socket()
lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
lsock.bind(("127.0.0.1", int(os.environ["HOLD"])))
lsock.listen(1)
c, head, rest = cl.connect(int(os.environ["HOLD"]))
sc.check(head.startswith("HTTP/1.1 200 "), f"CONNECT before the reload: {head!r}")
t, _ = lsock.accept()
t.settimeout(10)
os.kill(int(os.environ["MASTER"]), signal.SIGHUP)
start = time.monotonic()
try:
    clean = c.recv() == b""
except cl.Closed:
    clean = False
took = time.monotonic() - start
sc.check(clean, "the drained tunnel ends with close_notify")
sc.check(1.5 <= took <= 8, f"the drained tunnel ends at the drain's end: {took:.1f} s")
sc.eq(t.recv(10), b"", "the target's side of the drained tunnel closed")
sc.check(sc.wait_log("ends: the worker drains", path=os.environ["LOG"]),
         "the drain's end of the tunnel in the error log")
sc.done("drain")
PY
[ $? -eq 0 ] || bad "the tunnel at a reload"
wait_until 50 grep -q "CONNECT 127.0.0.1:$hold .* 200 .* tunnel " \
	"$scratch/access.log" || bad "no log line of the drained tunnel"
got=$(pcurl "https://localhost:$tport/")
check_eq "$got" "the target" "a tunnel through the new worker"

serve_finish connect
