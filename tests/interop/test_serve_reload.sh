#!/usr/bin/env bash
# Reloads under load: wrk keeps 32 TLS keep-alive connections busy against
# two workers for WARD_RELOAD_SECONDS (default 20) while the master gets a
# SIGHUP every 2 s, the certificate files replaced before the second one.
# wrk must see no socket error (connect, read, write, timeout) and no
# non-2xx response; every SIGHUP is a reload; afterwards the new
# certificate is served (its fingerprint through openssl s_client) and
# only the new generation runs.
set -euo pipefail
. "$(dirname "$0")/serve_lib.sh"
command -v wrk >/dev/null ||
	fail "wrk is missing: install the Debian package wrk (make deps does)"
need openssl

secs=${WARD_RELOAD_SECONDS:-20}
every=2
[ "$secs" -ge $((2 * every)) ] || fail "WARD_RELOAD_SECONDS must be at least $((2 * every))"

site=$scratch/site
mkdir -p "$site"
echo "hello" >"$site/index.html"
cp "$cert" "$scratch/live.pem"
cp "$key" "$scratch/live-key.pem"
issue "$ca" "$scratch/next" ecdsa localhost 127.0.0.1
fingerprint() { openssl x509 -in "$1" -outform DER | sha256sum | cut -c1-64; }
old_fp=$(fingerprint "$cert")
new_fp=$(fingerprint "$scratch/next.pem")
[ "$old_fp" != "$new_fp" ] || fail "the two certificates are the same"
# the fingerprint of the certificate a new connection is served
served_fp() {
	openssl s_client -connect "127.0.0.1:$port" -servername localhost \
		-tls1_3 </dev/null 2>/dev/null | openssl x509 -outform DER |
		sha256sum | cut -c1-64
}

start_serve reload --root "$site" --workers 2 \
	--cert "$scratch/live.pem" --key "$scratch/live-key.pem"
log=$scratch/reload.log
check_eq "$(served_fp)" "$old_fp" "certificate before the reloads"

# wrk's own timeout (2 s by default) counts a slow answer as an error; a
# reload must not make any answer that slow, but a busy machine may.
wrk -t2 -c32 -d"${secs}s" --timeout 10s "https://127.0.0.1:$port/" \
	>"$scratch/wrk.txt" 2>&1 &
wrk_pid=$!
pids+=("$wrk_pid")
# Each SIGHUP waits for the reload before it (the master takes one at a
# time and merges those that come meanwhile), so every one is a reload.
committed() { grep -q "reloaded: generation $1," "$log"; }
hups=0
start=$SECONDS
for ((i = 1; i < secs / every; i++)); do
	sleep "$every"
	[ "$hups" -eq 0 ] || wait_until 100 committed $((hups + 1)) || true
	kill -0 "$wrk_pid" 2>/dev/null || break
	if [ "$i" -eq 2 ]; then
		# replaced as an operator would: rename over the old files
		cp "$scratch/next.pem" "$scratch/live.pem.tmp"
		cp "$scratch/next-key.pem" "$scratch/live-key.pem.tmp"
		mv "$scratch/live.pem.tmp" "$scratch/live.pem"
		mv "$scratch/live-key.pem.tmp" "$scratch/live-key.pem"
	fi
	kill -HUP "$master"
	hups=$((hups + 1))
done
rc=0
wait "$wrk_pid" || rc=$?
out=$(cat "$scratch/wrk.txt")
echo "$out"
check_eq "$rc" 0 "wrk's exit code"
[ "$((SECONDS - start))" -ge "$secs" ] || bad "wrk ran less than ${secs} s"

requests=$(sed -nE 's/^ *([0-9]+) requests in .*/\1/p' <<<"$out")
[ -n "$requests" ] && [ "$requests" -gt 0 ] || bad "wrk made no request"
# both lines are absent when their counts are all 0
errors=$(sed -nE 's/^ *Socket errors: (.*)/\1/p' <<<"$out")
[ -z "$errors" ] || bad "socket errors across $hups reloads: $errors"
non2xx=$(sed -nE 's/^ *Non-2xx or 3xx responses: ([0-9]+).*/\1/p' <<<"$out")
[ -z "$non2xx" ] || bad "$non2xx non-2xx responses across $hups reloads"

[ "$hups" -ge $((secs / every / 2)) ] || bad "only $hups SIGHUPs sent in ${secs} s"
want_gen=$((hups + 1))
wait_until 300 committed "$want_gen" ||
	bad "want generation $want_gen after $hups SIGHUPs: $(grep reloaded "$log" | tail -n 3)"
check_eq "$(served_fp)" "$new_fp" "certificate after the reloads"
# every old generation drained and exited
two_left() { [ "$(pgrep -P "$master" | wc -l)" -eq 2 ]; }
wait_until 300 two_left || bad "old workers still running: $(pgrep -P "$master" | tr '\n' ' ')"
echo "reload under load: $requests requests, $hups reloads, no error"

stop_serve "$master"
serve_finish "ward serve: SIGHUP every ${every} s under wrk -c32, nothing dropped"
