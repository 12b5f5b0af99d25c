# Shared by bench/run.sh and bench/profile.sh: dependencies, the scratch
# directory (certificate, files, nginx configuration), starting and stopping
# the two servers, and reading a worker's CPU time.
# shellcheck shell=bash disable=SC2034  # (variables for the scripts that source it)

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$BENCH_DIR/.." && pwd)

HOST=127.0.0.1
WARD_PORT=${WARD_PORT:-18443}
NGINX_PORT=${NGINX_PORT:-18444}
SERVER_CPU=${SERVER_CPU:-1}
CLIENT_CPU=${CLIENT_CPU:-0}
CIPHER=${CIPHER:-TLS_AES_128_GCM_SHA256}
GROUP=${GROUP:-x25519}
# the TLS 1.2 handshake phase's suite, in OpenSSL's naming (ward's first)
CIPHER12=${CIPHER12:-ECDHE-ECDSA-AES128-GCM-SHA256}
BULK_MB=${BULK_MB:-100}
SMALL_BYTES=${SMALL_BYTES:-1024}
CLK_TCK=$(getconf CLK_TCK)

log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] error: %s\n' "$*" >&2; exit 1; }

# --- dependencies ------------------------------------------------------------

# Installs nginx and wrk when missing. The nginx package would start the
# system service; a policy-rc.d that exits 101 stops that for the duration of
# the install. The system service is never used: bench runs its own nginx.
bench_deps() {
	local pkgs=() p
	for p in nginx wrk python3 curl openssl util-linux procps; do
		dpkg -s "$p" >/dev/null 2>&1 || pkgs+=("$p")
	done
	[ ${#pkgs[@]} -eq 0 ] && return 0
	log "installing ${pkgs[*]}"
	local sudo="" policy=/usr/sbin/policy-rc.d added=0
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	if [ ! -e "$policy" ]; then
		printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
		$sudo chmod 755 "$policy"
		added=1
	fi
	export DEBIAN_FRONTEND=noninteractive
	$sudo apt-get update -qq || true
	$sudo apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
	[ "$added" -eq 0 ] || $sudo rm -f "$policy"
}

# Builds ward (RelWithDebInfo, the project's default: -O2 -g) in its own
# build directory unless WARD names a binary, with the early phase's client
# (EARLY_CLIENT, default: ward-bench-early beside WARD). Sets WARD,
# EARLY_CLIENT and WARD_DESC.
bench_build_ward() {
	if [ -n "${WARD:-}" ]; then
		[ -x "$WARD" ] || die "WARD=$WARD is not executable"
		EARLY_CLIENT=${EARLY_CLIENT:-$(dirname "$WARD")/ward-bench-early}
		WARD_DESC="$("$WARD" version) (binary $WARD)"
		return 0
	fi
	"$REPO_DIR/scripts/deps.sh"
	local dir="$REPO_DIR/build-bench"
	log "building ward in $dir"
	cmake -S "$REPO_DIR" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build "$dir" -j"$(nproc)" --target ward ward-bench-early >/dev/null
	WARD="$dir/ward"
	EARLY_CLIENT=${EARLY_CLIENT:-$dir/ward-bench-early}
	local rev dirty=""
	rev=$(git -C "$REPO_DIR" rev-parse --short HEAD 2>/dev/null || echo unknown)
	git -C "$REPO_DIR" diff --quiet HEAD -- src include CMakeLists.txt 2>/dev/null ||
		dirty=" + uncommitted changes"
	WARD_DESC="$("$WARD" version), commit $rev$dirty, RelWithDebInfo"
}

# --- scratch: certificate, files, configuration --------------------------------

# Creates SCRATCH with a CA, one ECDSA P-256 certificate for both servers,
# the served files and nginx's configuration.
bench_scratch() {
	SCRATCH=${BENCH_SCRATCH:-$(mktemp -d "${TMPDIR:-/tmp}/ward-bench.XXXXXX")}
	mkdir -p "$SCRATCH/site" "$SCRATCH/nginx/logs" "$SCRATCH/nginx/tmp"
	# nginx's workers run as an unprivileged user (www-data): they must be
	# able to read the site.
	chmod 755 "$SCRATCH" "$SCRATCH/site"
	"$WARD" ca init --dir "$SCRATCH/ca" >/dev/null
	"$WARD" ca issue localhost 127.0.0.1 --dir "$SCRATCH/ca" \
		--key-type ecdsa --out-dir "$SCRATCH" >/dev/null
	CERT=$SCRATCH/localhost.pem
	KEY=$SCRATCH/localhost-key.pem
	CAFILE=$SCRATCH/ca/ca.pem
	# the client certificate of the mtls phase, from the same CA
	"$WARD" ca issue benchclient --client --dir "$SCRATCH/ca" \
		--key-type ecdsa --out-dir "$SCRATCH" >/dev/null
	CLIENT_CERT=$SCRATCH/benchclient.pem
	CLIENT_KEY=$SCRATCH/benchclient-key.pem
	# directives of the mtls and early phases (empty for the others)
	: >"$SCRATCH/nginx/server-extra.conf"
	head -c "$SMALL_BYTES" /dev/urandom >"$SCRATCH/site/small.bin"
	head -c "$((BULK_MB * 1024 * 1024))" /dev/urandom >"$SCRATCH/site/bulk.bin"
	chmod 644 "$SCRATCH/site/"*
	# nginx: one worker, TLS 1.3 and 1.2, the same group and cipher suites
	# as ward.
	cat >"$SCRATCH/nginx/nginx.conf" <<-EOF
		daemon off;
		master_process on;
		worker_processes 1;
		worker_rlimit_nofile 65536;
		pid $SCRATCH/nginx/nginx.pid;
		error_log $SCRATCH/nginx/logs/error.log warn;
		events { worker_connections 16384; }
		http {
		    access_log off;
		    default_type application/octet-stream;
		    client_body_temp_path $SCRATCH/nginx/tmp/body;
		    proxy_temp_path $SCRATCH/nginx/tmp/proxy;
		    fastcgi_temp_path $SCRATCH/nginx/tmp/fastcgi;
		    uwsgi_temp_path $SCRATCH/nginx/tmp/uwsgi;
		    scgi_temp_path $SCRATCH/nginx/tmp/scgi;
		    keepalive_requests 100000;
		    keepalive_timeout 75s;
		    server {
		        listen $HOST:$NGINX_PORT ssl;
		        ssl_certificate $CERT;
		        ssl_certificate_key $KEY;
		        ssl_protocols TLSv1.2 TLSv1.3;
		        ssl_ecdh_curve ${GROUP^^};
		        ssl_conf_command Ciphersuites $CIPHER;
		        ssl_ciphers $CIPHER12;
		        ssl_session_tickets on;
		        ssl_session_cache shared:WARD_BENCH:10m;
		        ssl_session_timeout 1h;
		        root $SCRATCH/site;
		        include $SCRATCH/nginx/server-extra.conf;
		    }
		}
	EOF
}

# --- servers -------------------------------------------------------------------

STARTED_PIDS=()

# The only child of a master: the worker. Waits for it to appear.
worker_of() {
	local master=$1 w i
	for i in $(seq 50); do
		w=$(pgrep -P "$master" || true)
		if [ -n "$w" ] && [ "$(wc -w <<<"$w")" -eq 1 ]; then
			echo "$w"
			return 0
		fi
		sleep 0.1
	done
	die "master $master has no single worker (children: ${w:-none})"
}

wait_https() {
	local port=$1 i
	for i in $(seq 100); do
		# the client certificate is sent only when asked for (mtls)
		curl -sf -o /dev/null --cacert "$CAFILE" \
			--cert "$CLIENT_CERT" --key "$CLIENT_KEY" --resolve "localhost:$port:$HOST" \
			"https://localhost:$port/small.bin" && return 0
		sleep 0.1
	done
	return 1
}

# WARD_ARGS: more options for ward serve (split on spaces)
start_ward() {
	# shellcheck disable=SC2086
	taskset -c "$SERVER_CPU" "$WARD" serve --workers 1 \
		--listen "$HOST:$WARD_PORT" --root "$SCRATCH/site" \
		--cert "$CERT" --key "$KEY" --groups "$GROUP" --ciphersuites "$CIPHER" \
		--access-log off --error-log "$SCRATCH/ward-error.log" ${WARD_ARGS:-} \
		>"$SCRATCH/ward-stdout.log" 2>&1 &
	WARD_MASTER=$!
	STARTED_PIDS+=("$WARD_MASTER")
	wait_https "$WARD_PORT" || { cat "$SCRATCH/ward-error.log" >&2; die "ward did not come up"; }
	WARD_WORKER=$(worker_of "$WARD_MASTER")
}

start_nginx() {
	taskset -c "$SERVER_CPU" nginx -c "$SCRATCH/nginx/nginx.conf" -p "$SCRATCH/nginx" \
		-e "$SCRATCH/nginx/logs/error.log" >"$SCRATCH/nginx/logs/stdout.log" 2>&1 &
	NGINX_MASTER=$!
	STARTED_PIDS+=("$NGINX_MASTER")
	wait_https "$NGINX_PORT" || { cat "$SCRATCH/nginx/logs/error.log" >&2; die "nginx did not come up"; }
	NGINX_WORKER=$(worker_of "$NGINX_MASTER")
}

# Stops the servers this script started, by PID: TERM (ward drains, nginx
# exits fast), then KILL after 10 s.
stop_servers() {
	local p i
	for p in "${STARTED_PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
	for p in "${STARTED_PIDS[@]}"; do
		for i in $(seq 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
		kill -KILL "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	STARTED_PIDS=()
}

# --- measuring -------------------------------------------------------------------

# Nanoseconds on CPU of all threads of a process (schedstat, field 1).
cpu_ns() {
	local t sum=0 v
	for t in /proc/"$1"/task/*/schedstat; do
		read -r v _ <"$t"
		sum=$((sum + v))
	done
	echo "$sum"
}

# "utime stime" in clock ticks (fields 14 and 15 of /proc/PID/stat).
cpu_ticks() {
	local s
	s=$(<"/proc/$1/stat")
	s=${s##*) }
	# shellcheck disable=SC2086
	set -- $s
	echo "${12} ${13}"
}

# "busy softirq" ticks of one CPU from /proc/stat: busy is user + nice +
# system, softirq (loopback TCP processing) is counted apart there, though
# the task in whose context it ran is charged for it too.
cpu_stat() {
	local name user nice system irq softirq rest
	while read -r name user nice system _ _ irq softirq rest; do
		if [ "$name" = "cpu$1" ]; then
			echo "$((user + nice + system)) $((irq + softirq))"
			return 0
		fi
	done </proc/stat
	die "no cpu$1 in /proc/stat"
}

# Best-effort version strings for the results header.
versions() {
	echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(uname -sr)"
	echo "ward:    $WARD_DESC"
	echo "nginx:   $(nginx -V 2>&1 | sed -n 's/^nginx version: //p'); $(nginx -V 2>&1 | sed -n 's/^built with //p')"
	echo "wrk:     $(wrk -v 2>&1 | head -1 | awk '{print $2}'); python $(python3 -c 'import ssl,sys; print(sys.version.split()[0], ssl.OPENSSL_VERSION)')"
}
