#!/usr/bin/env bash
# make run: create the local CA and a localhost certificate on first run,
# then serve TLS on https://localhost:8443 until interrupted.
set -euo pipefail
ward=${1:-build/ward}
peer=${2:-build/tests/ward-tls-peer}
port=${WARD_PORT:-8443}
ca_dir=${WARD_CA_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/ward/ca}
cert_dir=${WARD_RUN_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/ward/run}

mkdir -p "$cert_dir"
"$ward" ca init --dir "$ca_dir" >/dev/null
if [ ! -f "$cert_dir/localhost.pem" ]; then
	"$ward" ca issue localhost 127.0.0.1 ::1 --dir "$ca_dir" \
		--out-dir "$cert_dir" >/dev/null
fi

cat <<MSG
ward: serving TLS 1.3 on https://localhost:$port
  try:   curl --cacert $ca_dir/ca.pem https://localhost:$port/
         openssl s_client -connect localhost:$port -CAfile $ca_dir/ca.pem
  trust the CA for browsers and tools: ward ca show --dir $ca_dir
  stop:  Ctrl-C
MSG
exec "$peer" server --port "$port" --cert "$cert_dir/localhost.pem" \
	--key "$cert_dir/localhost-key.pem" --alpn http/1.1 --keylog
