#!/usr/bin/env bash
# `ward serve` as processes: two workers both take connections; a worker
# killed with SIGKILL is replaced and no request fails meanwhile; SIGHUP
# under a stream of new connections reloads the certificate files with no
# failed request, new connections getting the new certificate; SIGUSR1
# reopens the access log; SIGTERM lets a slow download finish, refuses new
# connections and exits 0.
set -euo pipefail
. "$(dirname "$0")/serve_lib.sh"

site=$scratch/site
mkdir -p "$site"
echo "hello" >"$site/index.html"
head -c $((12 * 1024 * 1024)) /dev/urandom >"$site/big.bin"
# the server reads its certificate from live*.pem; a second one waits
cp "$cert" "$scratch/live.pem"
cp "$key" "$scratch/live-key.pem"
issue "$ca" "$scratch/next" ecdsa localhost 127.0.0.1
fingerprint() { openssl x509 -in "$1" -outform DER | sha256sum | cut -c1-64; }
old_fp=$(fingerprint "$cert")
new_fp=$(fingerprint "$scratch/next.pem")
[ "$old_fp" != "$new_fp" ] || fail "the two certificates are the same"

start_serve proc --root "$site" --workers 2 --access-log "$scratch/access.log" \
	--cert "$scratch/live.pem" --key "$scratch/live-key.pem"
log=$scratch/proc.log
workers() { pgrep -P "$master" | sort; }
n_workers() { workers | grep -c . || true; }
check_eq "$(n_workers)" 2 "workers started"

# --- both workers take connections: hold 24 open, count each worker's ---
sockets() { find "/proc/$1/fd" -lname 'socket:*' 2>/dev/null | wc -l; }
declare -A base
for w in $(workers); do base[$w]=$(sockets "$w"); done
py HOLD="$scratch/hold" <<'EOF' >"$scratch/hold.out" 2>&1 &
import os, time
from serve_client import *
conns = []
for i in range(24):
    c = Conn()
    eq(c.request("GET", "/").status, 200, f"held connection {i}")
    conns.append(c)
open(os.environ["HOLD"], "w").close()
end = time.monotonic() + 20
while os.path.exists(os.environ["HOLD"]) and time.monotonic() < end:
    time.sleep(0.05)
done()
EOF
holder=$!
pids+=("$holder")
wait_until 100 test -e "$scratch/hold" || fail "connections not held: $(cat "$scratch/hold.out")"
total=0
for w in $(workers); do
	d=$(($(sockets "$w") - ${base[$w]}))
	total=$((total + d))
	[ "$d" -ge 1 ] || bad "worker $w holds none of the 24 connections"
done
check_eq "$total" 24 "connections held by the two workers"
rm -f "$scratch/hold"
wait "$holder" || bad "holding connections: $(cat "$scratch/hold.out")"

# --- SIGKILL of a worker: replaced, and every request meanwhile answered ---
victim=$(workers | head -n 1)
kill -9 "$victim"
py <<'EOF' || bad "requests right after a worker was killed"
from serve_client import *
for i in range(30):
    eq(request("GET", "/").status, 200, f"request {i} after the kill")
done()
EOF
replaced() { [ "$(n_workers)" -eq 2 ] && ! workers | grep -qx "$victim"; }
wait_until 100 replaced || bad "worker $victim not replaced: $(workers)"
grep -qE "worker $victim \(slot [0-9]+\) was killed by signal 9.*restarting" "$log" ||
	bad "no restart line for worker $victim"

# --- SIGHUP while new connections keep coming, the certificate replaced ---
py MASTER="$master" OLD_FP="$old_fp" NEW_FP="$new_fp" <<'EOF' || bad "reload under load"
import hashlib, os, shutil, signal, time
from serve_client import *
s = os.environ["SCRATCH"]
old, new = os.environ["OLD_FP"], os.environ["NEW_FP"]
ctx = context()  # verifies against the CA: both certificates are valid
seen, errors = [], []
end = time.monotonic() + 60
while time.monotonic() < end:
    try:
        c = Conn(ctx=ctx)
        fp = hashlib.sha256(c.sock.getpeercert(binary_form=True)).hexdigest()
        r = c.request("GET", "/")
        c.close()
        if r.status != 200 or r.body != b"hello\n":
            errors.append(f"{r.status} {r.body[:40]!r}")
        seen.append("old" if fp == old else "new" if fp == new else fp)
    except Exception as e:
        errors.append(repr(e))
    if len(seen) == 50:
        # replace the files as an operator would (rename over), then HUP
        for src, dst in (("next.pem", "live.pem"), ("next-key.pem", "live-key.pem")):
            shutil.copy(os.path.join(s, src), os.path.join(s, dst + ".tmp"))
            os.replace(os.path.join(s, dst + ".tmp"), os.path.join(s, dst))
        os.kill(int(os.environ["MASTER"]), signal.SIGHUP)
    if len(seen) >= 200 and seen[-30:] == ["new"] * 30:
        break
eq(errors, [], "failed requests during the reload")
check(len(seen) >= 200, f"only {len(seen)} requests")
eq(seen[:50], ["old"] * 50, "certificate before the reload")
eq(seen[-30:], ["new"] * 30, "certificate on new connections after the reload")
first_new = seen.index("new") if "new" in seen else len(seen)
print(f"reload: {len(seen)} requests, the new certificate from request {first_new + 1}")
done()
EOF
grep -q 'reloaded: generation 2, 2 workers' "$log" || bad "no reload line"
wait_until 100 bash -c "[ \$(pgrep -P $master | wc -l) -eq 2 ]" ||
	bad "the old generation did not exit: $(workers)"

# --- a reload that fails (a broken certificate) keeps the running one ---
echo "not a certificate" >"$scratch/live.pem"
kill -HUP "$master"
wait_until 100 grep -q 'reload failed' "$log" || bad "no 'reload failed' line"
grep -q 'live.pem' "$scratch/proc.stderr" || bad "the broken certificate is not named on stderr"
py NEW_FP="$new_fp" <<'EOF2' || bad "serving after a failed reload"
import hashlib, os
from serve_client import *
c = Conn()
eq(hashlib.sha256(c.sock.getpeercert(binary_form=True)).hexdigest(),
   os.environ["NEW_FP"], "certificate after a failed reload")
eq(c.request("GET", "/").status, 200, "request after a failed reload")
done()
EOF2
check_eq "$(n_workers)" 2 "workers after a failed reload"

# --- SIGUSR1: the access log is reopened by name ---
hcurl / -A before-rotation -o /dev/null
wait_until 50 grep -q before-rotation "$scratch/access.log" || bad "no access line before rotation"
mv "$scratch/access.log" "$scratch/access.log.1"
mv "$log" "$log.1"
kill -USR1 "$master"
wait_until 50 test -e "$scratch/access.log" || bad "access log not reopened"
wait_until 50 test -e "$log" || bad "error log not reopened"
# the workers reopen after the master; a request until a line lands there
landed() {
	hcurl / -A after-rotation -o /dev/null
	grep -q after-rotation "$scratch/access.log" 2>/dev/null
}
wait_until 50 landed || bad "no access line in the reopened log"
grep -q after-rotation "$scratch/access.log.1" &&
	bad "a line went to the rotated log after SIGUSR1"

# --- SIGTERM during a slow download: it finishes; new connections refused ---
hcurl /big.bin --limit-rate 4M -o "$scratch/big.got" 2>"$scratch/slow.err" &
slow=$!
pids+=("$slow")
wait_until 50 test -s "$scratch/big.got" || bad "the slow download did not start"
kill -TERM "$master"
sleep 0.3
kill -0 "$slow" 2>/dev/null || bad "the download ended before the test could check it"
kill -0 "$master" 2>/dev/null || bad "the master exited with a download in flight"
rc=0
curl -s --max-time 5 --cacert "$ca/ca.pem" --resolve "localhost:$port:127.0.0.1" \
	"https://localhost:$port/" -o /dev/null || rc=$?
check_eq "$rc" 7 "curl exit code for a new connection while draining (refused)"
rc=0
wait "$slow" || rc=$?
check_eq "$rc" 0 "the slow download: curl's exit code ($(cat "$scratch/slow.err"))"
check_eq "$(sha256sum <"$scratch/big.got")" "$(sha256sum <"$site/big.bin")" \
	"the download in flight at SIGTERM, sha256"
wait_exit "$master" 100
check_eq "$rc" 0 "master exit code after SIGTERM"
grep -q 'stopped' "$log" || bad "no 'stopped' line"

serve_finish "ward serve: workers, restart, reload under load, log reopening, drain"
