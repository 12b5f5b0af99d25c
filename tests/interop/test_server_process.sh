#!/usr/bin/env bash
# The master/worker processes of `ward serve` (server/master.c), driven
# through ward-master-probe, whose workers answer each TCP connection with
# "PID GENERATION": workers start, a killed worker is replaced, SIGHUP swaps
# generations without refusing a connection, a failed reload keeps the old
# generation, SIGUSR1 reopens the logs, SIGTERM waits for connections in
# flight, workers die with their master, a busy address is one error line.
set -euo pipefail

WARD_BUILD=${WARD_BUILD:?WARD_BUILD must name the build directory}
PROBE=$WARD_BUILD/tests/ward-master-probe
[ -x "$PROBE" ] || { echo "FAIL: $PROBE missing" >&2; exit 1; }
. "$(dirname "$0")/need_lib.sh"
need curl

scratch=$(mktemp -d)
pids=()
cleanup() {
	local p
	for p in "${pids[@]}"; do
		kill -9 "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	# workers follow their master (PR_SET_PDEATHSIG); give them a moment
	sleep 0.2
	rm -rf "$scratch"
}
trap cleanup EXIT
cd "$scratch"

fail() {
	echo "FAIL: $*" >&2
	echo "--- error log:" >&2
	cat "$scratch"/*.log >&2 2>/dev/null || true
	exit 1
}

# wait_until TENTHS CMD...: until CMD succeeds, at most TENTHS/10 s
wait_until() {
	local n=$1 i
	shift
	for ((i = 0; i < n; i++)); do
		"$@" && return 0
		sleep 0.1
	done
	return 1
}
log_has() { grep -qE -- "$1" error.log 2>/dev/null; }
children() { ps -o pid= --ppid "$1" | tr -d ' ' | sort; }
n_children() { children "$1" | grep -c . || true; }
alive() { kill -0 "$1" 2>/dev/null; }
# distinct "PID GEN" answers of N connections
answers() { "$PROBE" get --port "$port" --count "$1" | sort -u; }

port=$("$PROBE" freeport)
"$PROBE" serve --listen "127.0.0.1:$port" --workers 3 --error-log error.log \
	--access-log access.log --drain-timeout 5000 --crash-file crash \
	--fail-reload-file noreload 2>stderr.txt &
master=$!
pids+=("$master")

# --- start: three workers, all answering ---
wait_until 100 log_has '3 workers ready' || fail "workers did not start"
log_has "listening on 127.0.0.1:$port" || fail "no listening line"
[ "$(n_children "$master")" -eq 3 ] || fail "want 3 workers: $(children "$master")"
out=$(answers 60) || fail "connections failed"
[ "$(awk '{print $1}' <<<"$out" | sort -u | wc -l)" -eq 3 ] ||
	fail "60 connections did not reach 3 workers: $out"
[ "$(awk '{print $2}' <<<"$out" | sort -u)" = 1 ] || fail "generation: $out"
awk '{print $1}' <<<"$out" | sort >seen
children "$master" >kids
cmp -s seen kids || fail "answers from non-workers: $out vs $(cat kids)"

# --- a worker killed by a signal is replaced ---
victim=$(head -1 kids)
kill -9 "$victim"
replaced() {
	[ "$(n_children "$master")" -eq 3 ] && ! children "$master" | grep -qx "$victim"
}
wait_until 50 replaced || fail "worker $victim not replaced: $(children "$master")"
log_has "worker $victim .*killed by signal 9.*restarting" || fail "no restart line"
children "$master" >kids
out=$(answers 60) || fail "connections after restart failed"
awk '{print $1}' <<<"$out" | sort >seen
cmp -s seen kids || fail "after restart: answers $out, workers $(cat kids)"

# --- SIGHUP: a new generation, no connection refused meanwhile ---
old=$(cat kids)
"$PROBE" hammer --port "$port" --ms 3000 >hammer.txt 2>&1 &
hammer=$!
pids+=("$hammer")
sleep 0.5
kill -HUP "$master"
sleep 0.7
kill -HUP "$master" # a second reload while connections keep coming
wait "$hammer" || fail "connections failed during reload: $(cat hammer.txt)"
grep -q '^ok [1-9][0-9]* fail 0 gens 1 2 3$' hammer.txt ||
	fail "want generations 1 2 3 answering: $(cat hammer.txt)"
log_has 'reloaded: generation 3, 3 workers' || fail "no reload line"
wait_until 60 bash -c "[ \$(ps -o pid= --ppid $master | wc -l) -eq 3 ]" ||
	fail "old generation did not exit: $(children "$master")"
for p in $old; do
	! alive "$p" || fail "old worker $p still running"
done
out=$(answers 20) || fail "connections after reload failed"
[ "$(awk '{print $2}' <<<"$out" | sort -u)" = 3 ] || fail "after reload: $out"

# --- a reload that fails keeps the running generation ---
touch noreload
kill -HUP "$master"
wait_until 50 log_has 'reload failed \(config\); keeping' || fail "no reload-failure line"
rm noreload
touch crash # the new workers fail to start
kill -HUP "$master"
wait_until 100 log_has 'reload failed: new worker [0-9]+ exited with status 3' ||
	fail "no aborted-reload line"
rm crash
out=$(answers 20) || fail "connections after failed reloads failed"
[ "$(awk '{print $2}' <<<"$out" | sort -u)" = 3 ] || fail "after failed reload: $out"
wait_until 50 bash -c "[ \$(ps -o pid= --ppid $master | wc -l) -eq 3 ]" ||
	fail "failed generation still running: $(children "$master")"

# --- SIGUSR1 reopens the logs ---
mv error.log error.log.1
mv access.log access.log.1
kill -USR1 "$master"
wait_until 50 test -e error.log || fail "error log not reopened"
"$PROBE" get --port "$port" --count 5 >/dev/null || fail "get after USR1"
wait_until 50 test -s access.log || fail "access log not reopened"
kill -HUP "$master" # a line from the master lands in the new file
wait_until 50 log_has 'SIGHUP: reloading' || fail "master still writes the old log"
# generation 4 was the aborted one
wait_until 50 log_has 'reloaded: generation 5' || fail "no reload after USR1"

# --- SIGTERM: connections in flight finish, then exit 0 ---
"$PROBE" get --port "$port" --hold 1500 >slow.txt 2>&1 &
slow=$!
pids+=("$slow")
# SIGTERM only once the probe's connection is established
connected() { ss -Htn state established "( dport = :$port )" | grep -q .; }
wait_until 50 connected || fail "the slow probe did not connect"
kill -TERM "$master"
sleep 0.3
alive "$master" || fail "master exited before the connection in flight finished"
wait "$slow" || fail "connection in flight failed: $(cat slow.txt)"
# the probe counts successful reload calls: 1, 2, 3, (aborted 4), 4
grep -qE '^[0-9]+ 4$' slow.txt || fail "in-flight answer: $(cat slow.txt)"
rc=0
wait_until 50 bash -c "! kill -0 $master 2>/dev/null" || fail "master did not exit"
wait "$master" || rc=$?
[ "$rc" -eq 0 ] || fail "master exited $rc after SIGTERM"
log_has 'stopped' || fail "no stopped line"
[ ! -s stderr.txt ] || fail "master wrote to stderr: $(cat stderr.txt)"
if "$PROBE" get --port "$port" >/dev/null 2>&1; then
	fail "still answering after stop"
fi

# --- workers die with their master; a busy address is one clear error ---
rm -f error.log
"$PROBE" serve --listen "127.0.0.1:$port" --workers 2 --error-log error.log &
master=$!
pids+=("$master")
wait_until 100 log_has '2 workers ready' || fail "second master did not start"
kids=$(children "$master")
rc=0
out=$("$PROBE" serve --listen "127.0.0.1:$port" --workers 1 2>&1) || rc=$?
[ "$rc" -eq 2 ] || fail "busy address: exit $rc, want 2"
[ "$(wc -l <<<"$out")" -eq 1 ] || fail "want one line: $out"
grep -q "cannot listen on 127.0.0.1:$port: Address already in use" <<<"$out" ||
	fail "busy address message: $out"
kill -9 "$master"
wait "$master" 2>/dev/null || true
gone() {
	local p
	for p in $kids; do alive "$p" && return 1; done
	return 0
}
wait_until 50 gone || fail "workers outlived their master: $kids"

# --- the same with the real `ward serve`: reload under load, clean stop ---
if [ -n "${WARD_BIN:-}" ] &&
	"$WARD_BIN" serve --help >/dev/null 2>&1; then
	export HOME=$scratch/home
	unset WARD_CA_DIR XDG_DATA_HOME SSLKEYLOGFILE
	mkdir -p "$HOME" site
	echo hello >site/index.html
	rm -f error.log
	port=$("$PROBE" freeport)
	"$WARD_BIN" serve --listen "127.0.0.1:$port" --root site --workers 2 \
		--error-log error.log >serve.out 2>&1 &
	master=$!
	pids+=("$master")
	wait_until 150 log_has '2 workers ready' || fail "ward serve did not start: $(cat serve.out)"
	get() {
		curl -s --max-time 5 --cacert "$HOME/.local/share/ward/ca/ca.pem" \
			"https://localhost:$port/"
	}
	[ "$(get)" = hello ] || fail "ward serve did not answer"
	ok=0
	bad=0
	end=$((SECONDS + 3))
	hup_sent=0
	for ((i = 0; i < 2000 && SECONDS < end; i++)); do
		if [ "$(get)" = hello ]; then ok=$((ok + 1)); else bad=$((bad + 1)); fi
		if [ $hup_sent -eq 0 ] && [ $i -ge 10 ]; then
			kill -HUP "$master"
			hup_sent=1
		fi
	done
	[ "$bad" -eq 0 ] || fail "ward serve: $bad of $((ok + bad)) requests failed during reload"
	wait_until 50 log_has 'reloaded: generation 2' || fail "ward serve did not reload"
	echo "ward serve: $ok requests across a reload"
	kill -TERM "$master"
	wait_until 100 bash -c "! kill -0 $master 2>/dev/null" ||
		fail "ward serve did not stop on SIGTERM"
	rc=0
	wait "$master" || rc=$?
	[ "$rc" -eq 0 ] || fail "ward serve exited $rc after SIGTERM"
fi

echo "ok: master/worker processes"
