# A redis-server of the test's own on a free loopback port, without
# persistence, stopped by PID (sourced after serve_lib.sh or tls_lib.sh).
#   start_redis / stop_redis; rcli ARGS... (redis-cli on it); $rport
need redis-server redis-cli
rport=$(freeport)
redis=
rcli() { timeout 10 redis-cli -h 127.0.0.1 -p "$rport" "$@" 2>&1; }
redis_up() { [ "$(rcli ping)" = PONG ]; }
start_redis() {
	redis-server --port "$rport" --bind 127.0.0.1 --save '' \
		--appendonly no --daemonize no \
		>>"$scratch/redis.out" 2>&1 &
	redis=$!
	pids+=("$redis")
	wait_until 100 redis_up ||
		fail "redis-server did not start: $(cat "$scratch/redis.out")"
}
stop_redis() {
	kill -TERM "$redis"
	wait "$redis" 2>/dev/null || true
}
