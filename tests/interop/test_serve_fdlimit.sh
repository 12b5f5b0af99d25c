#!/usr/bin/env bash
# `ward serve` out of file descriptors: the soft RLIMIT_NOFILE is raised to
# the hard one, --max-connections is fitted to it (both said in the log),
# and when accept fails with EMFILE the worker neither spins nor floods its
# log: it refuses the waiting connection and rests its listener, so over
# 3 s of clients knocking it uses little CPU and writes few lines, and it
# serves again once the clients are gone.
set -euo pipefail
. "$(dirname "$0")/serve_lib.sh"
command -v prlimit >/dev/null || fail "prlimit is missing: install util-linux"

store=$scratch/store
mkdir -p "$store"
echo "hello" >"$store/hello.txt"
ward=$WARD_BIN

# the soft limit is raised to the hard one
WARD_BIN=$scratch/ward-64-256
printf '#!/bin/sh\nexec prlimit --nofile=64:256 "%s" "$@"\n' "$ward" >"$WARD_BIN"
chmod +x "$WARD_BIN"
start_serve raise --store "/files/=$store" --store-public
worker=$(pgrep -P "$master" | head -n 1)
grep -q 'descriptor limit raised from 64 to 256' "$scratch/raise.log" ||
	bad "no 'descriptor limit raised' line in the log"
got=$(awk '/^Max open files/ {print $4 " " $5}' "/proc/$worker/limits")
check_eq "$got" "256 256" "the worker's descriptor limit"
grep -q -- '--max-connections 10000 does not fit the descriptor limit (256): 120 per worker' \
	"$scratch/raise.log" || bad "no line about fitting --max-connections"
stop_serve "$master"

# out of descriptors: 64 in all, --max-connections fitted to 24; uploads
# hold three each, so accept runs out of descriptors before the count
WARD_BIN=$scratch/ward-64
printf '#!/bin/sh\nexec prlimit --nofile=64:64 "%s" "$@"\n' "$ward" >"$WARD_BIN"
chmod +x "$WARD_BIN"
start_serve fds --store "/files/=$store" --store-public --body-timeout 30
worker=$(pgrep -P "$master" | head -n 1)
grep -q -- '--max-connections 10000 does not fit the descriptor limit (64): 24 per worker' \
	"$scratch/fds.log" || bad "no line about fitting --max-connections"
fds() { find "/proc/$worker/fd" -mindepth 1 2>/dev/null | wc -l; }
# utime + stime of the worker, in clock ticks
cpu() { awk '{print $14 + $15}' "/proc/$worker/stat"; }
hz=$(getconf CLK_TCK)
base=$(fds)

py <<'EOF' >"$scratch/flood.out" 2>&1 &
import os, socket, time
from serve_client import *
held = []
# uploads until the worker has no descriptor left for them
for i in range(24):
    try:
        c = Conn(timeout=3)
        c.send(f"PUT /files/u{i}.bin HTTP/1.1\r\nHost: localhost\r\n"
               "Content-Length: 100000\r\n\r\n".encode() + b"x" * 1000)
        held.append(c)
    except OSError:
        pass
print("holding", len(held), flush=True)
open(os.environ["SCRATCH"] + "/held", "w").close()
# then knock: a TCP connection every 20 ms for 4 s, left open
knocks = []
end = time.monotonic() + 4
while time.monotonic() < end:
    try:
        s = socket.create_connection(("127.0.0.1", env_port()), timeout=1)
        knocks.append(s)
    except OSError:
        pass
    time.sleep(0.02)
print("knocked", len(knocks), flush=True)
time.sleep(2)
for s in knocks + held:
    s.close()
EOF
flood=$!
pids+=("$flood")
held() { [ -e "$scratch/held" ]; }
wait_until 200 held || fail "the uploads were not sent: $(cat "$scratch/flood.out")"
sleep 0.5
full=$(fds)
lines0=$(wc -l <"$scratch/fds.log")
cpu0=$(cpu)
sleep 3
cpu1=$(cpu)
lines1=$(wc -l <"$scratch/fds.log")
# the worker was out of descriptors, and the accept failures were seen
[ "$full" -ge 60 ] || bad "the worker held only $full descriptors (of 64)"
grep -q 'accept: Too many open files: refusing connections' "$scratch/fds.log" ||
	bad "no accept failure in the log"
ms=$(((cpu1 - cpu0) * 1000 / hz))
[ "$ms" -lt 300 ] || bad "the worker used $ms ms of CPU in 3 s out of descriptors"
[ $((lines1 - lines0)) -lt 20 ] ||
	bad "$((lines1 - lines0)) error log lines in 3 s out of descriptors:
$(tail -n 5 "$scratch/fds.log")"
grep -q 'more like this)' "$scratch/fds.log" || bad "repeats were not counted"

# the clients go; once the worker has closed their connections and taken
# those left in its accept queue (each gone already), it serves again
wait "$flood" || true
# the accept queue of the listening socket: rx_queue in /proc/net/tcp
backlog() {
	local q
	q=$(awk -v p=":$(printf '%04X' "$port")" \
		'$4 == "0A" && substr($2, length($2) - 4) == p {print $5}' /proc/net/tcp)
	echo $((16#${q#*:}))
}
settled() { [ "$(fds)" -le "$base" ] && [ "$(backlog)" -eq 0 ]; }
wait_until 100 settled ||
	bad "after the clients left: $(fds) descriptors ($base before), $(backlog) in the accept queue"
check_eq "$(code /files/hello.txt)" 200 "a request once the clients are gone"
py <<'EOF' || bad "an upload once the clients are gone"
from serve_client import *
eq(request("PUT", "/files/after.bin", body=b"after").status, 201, "PUT after the flood")
done()
EOF
stop_serve "$master"
serve_finish "descriptor limits"
