#!/usr/bin/env bash
# Headless Chromium loads examples/site from ward serve: the page's script
# fetches /.well-known/ward/connection and shows the handshake Chromium
# made. Checks the rendered DOM, and the access log's TLS columns.
set -euo pipefail
. "$(dirname "$0")/serve_lib.sh"
need chromium

site=$WARD_TESTS/../examples/site
start_serve browser --root "$site" --access-log "$scratch/access.log"

# the flags keep Chromium off the network and out of its first-run UI;
# the certificate is the test CA's, which this profile does not trust
dom=$(timeout 60 chromium --headless --no-sandbox --disable-gpu \
	--disable-quic --no-first-run --disable-background-networking \
	--disable-component-update --disable-sync \
	--user-data-dir="$scratch/profile" --ignore-certificate-errors \
	--virtual-time-budget=5000 --dump-dom "https://localhost:$port/" \
	2>"$scratch/chromium.stderr") || fail "chromium failed: $(tail -5 "$scratch/chromium.stderr")"

want "$dom" '<td id="tls_version">TLSv1.3</td>' "the page shows TLS 1.3"
want "$dom" '<td id="alpn">http/1.1</td>' "the page shows ALPN http/1.1"
want "$dom" '<td id="sni">localhost</td>' "the page shows the SNI"
want "$dom" '<td id="group">x25519</td>' "the page shows the group"
want "$dom" '<td id="signature_scheme">ecdsa_secp256r1_sha256</td>' \
	"the page shows the signature scheme"
# what Chromium offered, GREASE included
want "$dom" 'GREASE' "the offered lists name GREASE"

wait_until 50 grep -q 'well-known/ward/connection' "$scratch/access.log" ||
	bad "no access log line for the page's fetch"
grep -q '"GET /connection.js HTTP/1.1" 200 .*HeadlessChrome.* TLSv1.3 TLS_AES_' \
	"$scratch/access.log" || bad "access log line for the script:
$(cat "$scratch/access.log")"
stop_serve "$master"

serve_finish "ward serve: headless Chromium renders the handshake page"
