#!/usr/bin/env bash
# Memory taken in a spike is given back: after 2000 TLS connections (a GET
# on each, all open at once) are closed, the worker closes every socket,
# trims its buffer pool and returns the freed heap, so its RSS goes back
# to within 1 MiB of what it was before (it grows by ~7 MiB meanwhile).
# Under AddressSanitizer the allocator is ASan's own, which keeps freed
# memory in quarantine: there the descriptors are checked, not the RSS.
set -euo pipefail
. "$(dirname "$0")/serve_lib.sh"

site=$scratch/site
mkdir -p "$site"
head -c 1024 /dev/urandom >"$site/small.bin"
n=2000
[ "$(ulimit -n)" -gt $((n + 100)) ] || ulimit -n $((n + 100)) ||
	fail "the open file limit $(ulimit -n) is below $n connections"

start_serve memory --root "$site" --max-connections 5000
worker=$(pgrep -P "$master" | head -n 1)
fds() { find "/proc/$worker/fd" -mindepth 1 2>/dev/null | wc -l; }
base=$(fds)

out=$(timeout 240 python3 "$WARD_TESTS/../bench/spike_conns.py" --port "$port" \
	--pid "$worker" --cafile "$ca/ca.pem" -n "$n" --settle 4) ||
	bad "the spike of $n connections: $out"
echo "$out"
val() { sed -n "s/.* $1=\([0-9-]*\).*/\1/p" <<<"$out"; }
check_eq "$(val ok)" "$n" "connections that got their response"
settled() { [ "$(fds)" -le "$base" ]; }
wait_until 100 settled || bad "descriptors after the spike: $(fds), $base before"
if grep -qa __asan_init "$WARD_BIN"; then
	echo "AddressSanitizer build: RSS not compared (ASan's allocator keeps freed memory)"
else
	[ "$(val grown)" -gt 4096 ] || bad "the spike grew the worker by $(val grown) kB only: $out"
	[ "$(val kept)" -le 1024 ] || bad "kept $(val kept) kB of $(val grown) kB after the spike: $out"
fi
check_eq "$(code /small.bin)" 200 "a request after the spike"
stop_serve "$master"
serve_finish "memory after a spike"
