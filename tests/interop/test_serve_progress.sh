#!/usr/bin/env bash
# Timeouts count from real progress, and output is bounded by what the
# peer reads:
# - an empty application_data record every 0.5 s is no progress, nor is a
#   KeyUpdate and the server's answer to it: the connection ends at its
#   2 s keep-alive timeout; requests every 0.5 s are, and keep it open;
# - a peer that sends KeyUpdate(update_requested) records and reads
#   nothing gets no more read than the engine's cap on KeyUpdates and the
#   connection's high-water mark on its write queue allow: the worker's
#   RSS stays put;
# - so does a peer that pipelines requests and reads nothing, and one that
#   then half-closes costs no CPU while the server waits for it to read.
set -euo pipefail
. "$(dirname "$0")/serve_lib.sh"
[ -x "${WARD_TLS_PEER:-}" ] || fail "ward-tls-peer is missing: build the tests (make build)"

site=$scratch/site
mkdir -p "$site"
echo "hello" >"$site/index.html"
head -c 100000 /dev/urandom >"$site/100k.bin"

# under AddressSanitizer, freed memory waits in a quarantine (256 MiB):
# without it the RSS follows what the worker holds, as with malloc
export ASAN_OPTIONS="${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}quarantine_size_mb=0"
start_serve progress --root "$site" --keepalive-timeout 2 --send-timeout 30
worker=$(pgrep -P "$master" | head -n 1)
rss() { awk '/^VmRSS:/ {print $2}' "/proc/$worker/status"; }
mem() { grep -E "^(VmRSS|RssAnon|RssFile)" "/proc/$worker/status" | tr -s " \t\n" " "; }
peer() {
	"$WARD_TLS_PEER" client --connect "127.0.0.1:$port" \
		--servername localhost --cafile "$ca/ca.pem" "$@"
}

# --- empty records are not progress ---
out=$(timeout 60 "$WARD_TLS_PEER" client --connect "127.0.0.1:$port" \
	--servername localhost --cafile "$ca/ca.pem" --empty-every 500) ||
	bad "empty records: $out"
ms=$(sed -n 's/^closed after \([0-9]*\) ms.*/\1/p' <<<"$out")
[ -n "$ms" ] && [ "$ms" -ge 1500 ] && [ "$ms" -le 3500 ] ||
	bad "an empty record every 0.5 s against a 2 s keep-alive timeout: $out"

# nor are KeyUpdates, whose answers the server writes
out=$(timeout 60 "$WARD_TLS_PEER" client --connect "127.0.0.1:$port" \
	--servername localhost --cafile "$ca/ca.pem" --empty-every 500 \
	--key-update) || bad "KeyUpdates: $out"
ms=$(sed -n 's/^closed after \([0-9]*\) ms.*/\1/p' <<<"$out")
[ -n "$ms" ] && [ "$ms" -ge 1500 ] && [ "$ms" -le 3500 ] ||
	bad "a KeyUpdate every 0.5 s against a 2 s keep-alive timeout: $out"

py <<'EOF' || bad "requests every 0.5 s"
import time
from serve_client import *
c = Conn()
for i in range(8):  # 4 s, twice the keep-alive timeout
    eq(c.request("GET", "/index.html").status, 200, f"request {i}")
    time.sleep(0.5)
check(c.is_open(0.2), "requests every 0.5 s: the connection was cut")
c.close()
done()
EOF

# --- KeyUpdates to a peer that reads nothing ---
# a first connection brings the worker to its working size
peer --send $'GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' \
	--until hello >/dev/null || bad "a first request"
before=$(rss)
out=$(timeout 60 "$WARD_TLS_PEER" client --connect "127.0.0.1:$port" \
	--servername localhost --cafile "$ca/ca.pem" \
	--flood-key-updates 500000 --rcvbuf 4096 &
	sleep 1
	for i in 1 2 3 4 5 6 7 8 9 10; do rss >>"$scratch/rss"; sleep 0.5; done
	wait)
sent=$(sed -n 's/^sent \([0-9]*\) of.*/\1/p' <<<"$out")
peak=$(sort -n "$scratch/rss" | tail -n 1)
[ -n "$sent" ] && [ "$sent" -lt 500000 ] ||
	bad "the server read every KeyUpdate of a peer that reads nothing: $out"
[ $((peak - before)) -lt 2048 ] ||
	bad "KeyUpdates to a peer that reads nothing: RSS $before kB -> $peak kB (samples: $(tr "\n" " " <"$scratch/rss"); now: $(mem); $out)"

# --- pipelined requests from a peer that reads nothing ---
before=$(rss)
py <<'EOF' &
import socket
from serve_client import *
c = Conn(rcvbuf=4096, timeout=2)
req = b"GET /100k.bin HTTP/1.1\r\nHost: localhost\r\n\r\n"
try:
    for i in range(20000):
        c.send(req * 50)
except (socket.timeout, TimeoutError, OSError):
    pass
time.sleep(3)
c.close()
EOF
pids+=($!)
rm -f "$scratch/rss"
for i in 1 2 3 4 5 6 7 8; do sleep 0.5; rss >>"$scratch/rss"; done
peak=$(sort -n "$scratch/rss" | tail -n 1)
[ $((peak - before)) -lt 2048 ] ||
	bad "pipelined requests to a peer that reads nothing: RSS $before kB -> $peak kB"

# --- ... and then half-closes: the FIN waits behind the unread requests,
# and must not wake the worker again and again ---
cpu() { awk '{print $14 + $15}' "/proc/$worker/stat"; }
py <<'EOF' &
import socket
from serve_client import *
c = Conn(rcvbuf=4096, timeout=2)
c.send(b"GET /100k.bin HTTP/1.1\r\nHost: localhost\r\n\r\n" * 2000)
c.sock.shutdown(socket.SHUT_WR)
time.sleep(5)
c.close()
EOF
pids+=($!)
sleep 1.5
cpu0=$(cpu)
sleep 2
ms=$((($(cpu) - cpu0) * 1000 / $(getconf CLK_TCK)))
[ "$ms" -lt 300 ] || bad "a half-closed peer that reads nothing: $ms ms of worker CPU in 2 s"

stop_serve "$master"
serve_finish "timeouts from progress, output bounded"
