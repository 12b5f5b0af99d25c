#!/usr/bin/env bash
# The 0-RTT anti-replay store in Redis (server/replay.h, redis.h) against
# a real redis-server started here on a free loopback port: FRESH, SEEN
# across two registers (two ward instances), the TTL Redis keeps, a
# database number, a worker forked after its parent connected, a stalled
# Redis (UNAVAILABLE within the time bound, then the backoff), a stopped
# one and its return; a server answering something else; and `ward serve
# --replay-store` with bad values.
set -u
. "$(dirname "$0")/serve_lib.sh"
. "$(dirname "$0")/redis_lib.sh"
need sha256sum
tool=${WARD_BUILD:?}/tests/ward-replay-check
[ -x "$tool" ] || fail "$tool is missing (build the test tools)"

keyname() { echo "ward:replay:$(printf %s "$1" | sha256sum | cut -c1-64)"; }

start_redis

# the tool's answers: "VERDICT MS NAME"
coproc TOOL { "$tool" "redis://127.0.0.1:$rport" 2>"$scratch/tool.err"; }
pids+=("$TOOL_PID")
ask() {
	echo "$*" >&"${TOOL[1]}"
	IFS=' ' read -r -t 20 verdict ms name <&"${TOOL[0]}" ||
		fail "no answer from ward-replay-check to '$*': $(cat "$scratch/tool.err")"
}
# expect WHAT VERDICT COMMAND...
expect() {
	local what=$1 want=$2
	shift 2
	ask "$@"
	check_eq "$verdict" "$want" "$what ($*)"
}

# first use, then the same ticket again: locally, and on the other
# instance, whose own register has not seen it (Redis has)
expect "first use" FRESH check 0 t1 60
check_eq "$name" "$(keyname t1)" "the Redis key is ward:replay:<SHA-256 hex>"
check_eq "$(rcli GET "$name")" 1 "the value stored"
ttl=$(rcli TTL "$name")
[ "$ttl" -ge 55 ] && [ "$ttl" -le 60 ] || bad "TTL of $name: $ttl, want 55..60"
expect "replay on the same instance" SEEN check 0 t1 60
expect "replay on another instance" SEEN check 1 t1 60
out=$(echo "check 0 t1 60" | "$tool" "redis://127.0.0.1:$rport")
check_eq "${out%% *}" SEEN "replay from a third process"
expect "another ticket, other instance first" FRESH check 1 t2 120
expect "... then this one" SEEN check 0 t2 120
ttl=$(rcli TTL "$(keyname t2)")
[ "$ttl" -ge 115 ] && [ "$ttl" -le 120 ] || bad "TTL of t2: $ttl, want 115..120"
# what another instance recorded (only in Redis) wins over a local FRESH
rcli SET "$(keyname t3)" 1 EX 60 >/dev/null
expect "recorded elsewhere" SEEN check 0 t3 60
# a worker forked after its parent connected makes its own connection,
# and the parent's goes on working
expect "forked worker" FRESH forkcheck 0 t4 60
expect "parent after the fork" FRESH check 0 t5 60
expect "parent, replay of the child's" SEEN check 1 t4 60

# a full local register does not stop Redis from recording (one entry:
# the second ticket finds it taken), and Redis still refuses a replay
out=$(printf 'check 0 l1 60\ncheck 0 l2 60\ncheck 0 l2 60\ncheck 1 l2 60\n' |
	"$tool" "redis://127.0.0.1:$rport" 1 | cut -d' ' -f1 | tr '\n' ' ')
check_eq "$out" "FRESH FRESH SEEN SEEN " "a register of one entry with Redis"
# and without Redis, full is UNAVAILABLE
out=$(printf 'check 0 l1 60\ncheck 0 l2 60\n' | "$tool" - 1 |
	cut -d' ' -f1 | tr '\n' ' ')
check_eq "$out" "FRESH UNAVAILABLE " "a register of one entry alone"

# a name: localhost's addresses are tried in turn (Redis listens on
# 127.0.0.1 only)
out=$(echo "check 0 h1 60" | "$tool" "redis://localhost:$rport")
check_eq "${out%% *}" FRESH "redis://localhost:PORT"

# a database number
out=$(echo "check 0 d1 60" | "$tool" "redis://127.0.0.1:$rport/3")
check_eq "${out%% *}" FRESH "redis://.../3"
check_eq "$(rcli -n 3 EXISTS "$(keyname d1)")" 1 "the key in database 3"
check_eq "$(rcli -n 0 EXISTS "$(keyname d1)")" 0 "and not in database 0"

# a stalled Redis (stopped process: the kernel still takes the bytes):
# UNAVAILABLE once the 100 ms deadline passes, then at once for the
# 1 s backoff, and FRESH again after it
kill -STOP "$redis"
expect "stalled Redis" UNAVAILABLE check 0 s1 60
[ "$ms" -ge 90 ] && [ "$ms" -le 500 ] ||
	bad "a stalled Redis took $ms ms, want the 100 ms deadline"
expect "backoff" UNAVAILABLE check 0 s2 60
[ "$ms" -le 50 ] || bad "during the backoff a check took $ms ms"
kill -CONT "$redis"
expect "backoff, Redis back" UNAVAILABLE check 0 s3 60
sleep 1.1
expect "after the backoff" FRESH check 0 s4 60
expect "after the backoff, replay" SEEN check 1 s4 60

# stopped: refused at once; back: used again after the backoff. The
# other instance's connection is dead too: it reconnects on its next
# check without waiting.
stop_redis
expect "Redis stopped" UNAVAILABLE check 0 x1 60
[ "$ms" -le 200 ] || bad "a stopped Redis took $ms ms"
start_redis
expect "Redis back, instance 1 reconnects" FRESH check 1 x2 60
expect "Redis back, within the backoff" UNAVAILABLE check 0 x3 60
sleep 1.1
expect "Redis back, after the backoff" FRESH check 0 x4 60
expect "Redis back, replay" SEEN check 1 x4 60
# a ticket that was checked while Redis was down stays refused
expect "checked while down" SEEN check 0 x1 60
# each outage is logged once by the process it hit, and its end too
log=$(cat "$scratch/tool.err")
check_eq "$(grep -c "127.0.0.1:$rport: no answer within 100 ms; early data is refused" <<<"$log")" 1 \
	"log lines of the stall"
check_eq "$(grep -c "127.0.0.1:$rport: cannot connect; early data is refused" <<<"$log")" 1 \
	"log lines of the stop"
check_eq "$(grep -c "127.0.0.1:$rport: answering again" <<<"$log")" 2 \
	"log lines of Redis back"

# a server that answers something other than +OK or a null bulk
fport=$(freeport)
python3 - "$fport" >"$scratch/fake.out" 2>&1 <<'PY' &
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen(4)
print("ready", flush=True)
s.settimeout(30)
for reply in (b"+QUEUED\r\n", b"-ERR unknown command\r\n", b":1\r\n"):
    c, _ = s.accept()
    c.recv(4096)
    c.sendall(reply)
    c.close()
PY
pids+=($!)
wait_until 100 grep -q ready "$scratch/fake.out" || fail "fake server did not start"
for i in 1 2 3; do
	out=$(echo "check 0 f$i 60" | "$tool" "redis://127.0.0.1:$fport" 2>"$scratch/fake.err")
	check_eq "${out%% *}" UNAVAILABLE "a server answering reply $i"
	want "$(cat "$scratch/fake.err")" "an unexpected reply" "the log of reply $i"
done

# ward serve: --help names the flags; bad values name the flag and the
# value, on one line, exit 2; a good store
# starts without connecting (the workers connect when they need to)
help=$("$WARD_BIN" serve --help)
want "$help" "--replay-store URL" "serve --help"
want "$help" "--replay-entries N" "serve --help"
for u in http://127.0.0.1:6379 redis://127.0.0.1:0 redis://127.0.0.1/99; do
	"$WARD_BIN" serve --listen 127.0.0.1:0 --cert "$cert" --key "$key" \
		--replay-store "$u" >"$scratch/bad.out" 2>"$scratch/bad.stderr"
	rc=$?
	check_eq "$rc" 2 "ward serve --replay-store $u: exit code"
	want "$(cat "$scratch/bad.stderr")" "ward serve: --replay-store: '$u'" "the error for $u"
	check_eq "$(grep -c . "$scratch/bad.stderr")" 1 "lines of the error for $u"
	[ ! -s "$scratch/bad.out" ] || bad "ward serve --replay-store $u wrote to stdout"
done
"$WARD_BIN" serve --listen 127.0.0.1:0 --cert "$cert" --key "$key" \
	--replay-entries 0 >"$scratch/bad.out" 2>"$scratch/bad.stderr"
check_eq "$?" 2 "ward serve --replay-entries 0: exit code"
want "$(cat "$scratch/bad.stderr")" "--replay-entries: 0 is out of range" "the error for 0 entries"
clients=$(rcli CLIENT LIST | grep -c .)
start_serve store --replay-store "redis://127.0.0.1:$rport" --replay-entries 1000
check_eq "$(code /)" 404 "a request to ward serve with a replay store"
check_eq "$(rcli CLIENT LIST | grep -c .)" "$clients" "Redis clients while serving"
# a reload keeps the register, and says nothing about it when the flags
# are the same
kill -HUP "$master"
wait_until 100 grep -q "reloaded: generation 2," "$scratch/store.log" ||
	bad "no reload: $(tail -n 5 "$scratch/store.log")"
! grep -q "replay" "$scratch/store.log" ||
	bad "the reload changed the register: $(grep replay "$scratch/store.log")"
check_eq "$(code /)" 404 "a request after the reload"
stop_serve "$master"

exec {TOOL[1]}>&-
serve_finish "replay store in Redis"
