#!/usr/bin/env bash
# make run: serve examples/site at https://localhost:8443 with a certificate
# from ward's local CA (created on first run), until Ctrl-C.
set -euo pipefail
ward=${1:-build/ward}
top=$(cd "$(dirname "$0")/.." && pwd)
port=${WARD_PORT:-8443}
ca_dir=${WARD_CA_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/ward/ca}

"$ward" ca init --dir "$ca_dir" >/dev/null

cat <<MSG

  ward is serving $top/examples/site

    https://localhost:$port/

  curl:     curl --cacert $ca_dir/ca.pem https://localhost:$port/
  openssl:  openssl s_client -connect localhost:$port -CAfile $ca_dir/ca.pem
  trust the local CA (system store as root, Chromium as you):
            $ward ca install --dir $ca_dir
  undo:     $ward ca uninstall --dir $ca_dir

  Ctrl-C stops the server.

MSG
exec "$ward" serve --listen "127.0.0.1:$port" --listen "[::1]:$port" \
	--root "$top/examples/site" --ca-dir "$ca_dir" --access-log -
