#!/usr/bin/env bash
# make run's site in headless Chromium, trusted the way a user trusts it:
# scripts/run.sh serves examples/site with a certificate from ward's local
# CA (made at its first start), `ward ca install` adds that CA to a fresh
# NSS database in a throw-away HOME, and Chromium loads the page with no
# flag that skips certificate checks. Its net log must show TLS 1.3
# handshakes and a verified certificate, the DOM the handshake page that
# the page's script fetched from /.well-known/ward/connection. Before the
# CA is trusted, the same load must fail with ERR_CERT_AUTHORITY_INVALID.
set -euo pipefail
. "$(dirname "$0")/serve_lib.sh"
need chromium certutil

top=$WARD_TESTS/..
nssdb=$HOME/.pki/nssdb # where Chromium on Linux looks, from HOME

# No test may make Chromium skip certificate checks (the names are split
# so that this file does not match itself).
skip_flags="ignore-certificate-errors|allow-insecure-localhost|ignore-ssl-errors"
if grep -rnE -- "--($skip_flags)" "$top/tests" "$top/scripts" >"$scratch/flags"; then
	bad "a flag that skips certificate checks: $(cat "$scratch/flags")"
fi

# scripts/run.sh, as `make run` runs it, on a free port; the CA directory
# is its default under the throw-away HOME
for try in 1 2 3; do
	port=$(freeport)
	WARD_PORT=$port "$top/scripts/run.sh" "$WARD_BIN" \
		>"$scratch/run.out" 2>"$scratch/run.stderr" &
	master=$!
	masters+=("$master")
	wait_until 150 started_or_gone "$scratch/run.stderr" || true
	grep -qs 'workers ready' "$scratch/run.stderr" && break
	kill -0 "$master" 2>/dev/null ||
		grep -qs "$port: Address already in use" "$scratch/run.stderr" ||
		fail "scripts/run.sh did not start: $(cat "$scratch/run.stderr")"
done
grep -qs 'workers ready' "$scratch/run.stderr" ||
	fail "scripts/run.sh did not start: $(cat "$scratch/run.stderr")"
ca_pem=$HOME/.local/share/ward/ca/ca.pem
[ -f "$ca_pem" ] || fail "run.sh made no CA at $ca_pem"

# browse NAME: a fresh profile loads the page; the DOM in $dom, the net
# log's account of the connections to $port in $net
browse() {
	timeout 60 chromium --headless=new --no-sandbox --disable-gpu \
		--disable-quic --no-first-run --disable-background-networking \
		--disable-component-update --disable-sync \
		--user-data-dir="$scratch/$1-profile" \
		--log-net-log="$scratch/$1.netlog.json" \
		--virtual-time-budget=5000 --dump-dom "https://localhost:$port/" \
		>"$scratch/$1.html" 2>"$scratch/$1.chromium" ||
		fail "chromium failed: $(tail -5 "$scratch/$1.chromium")"
	dom=$(cat "$scratch/$1.html")
	net=$(python3 "$interop/netlog.py" "$scratch/$1.netlog.json" "$port") ||
		fail "cannot read Chromium's net log $1.netlog.json"
}

# --- not trusted yet: an empty NSS database, as Chromium makes one ---
mkdir -p "$nssdb"
certutil -N --empty-password -d "sql:$nssdb" || fail "certutil -N failed"
browse untrusted
want "$net" "certificates: 0 verified, errors: ERR_CERT_AUTHORITY_INVALID" \
	"an untrusted CA is refused"
want "$net" "requests: 1, errors: ERR_CERT_AUTHORITY_INVALID" \
	"the untrusted page load fails"
grep -q 'id="tls_version">TLSv1.3<' <<<"$dom" &&
	bad "the page rendered before the CA was trusted"

# --- trusted with ward ca install (system store in the scratch dir) ---
mkdir "$scratch/store"
out=$(WARD_CA_SYSTEM_STORE=$scratch/store WARD_CA_UPDATE_CMD= \
	"$WARD_BIN" ca install 2>&1) || fail "ward ca install failed: $out"
want "$out" "trusted for TLS servers (C,,)" "ward ca install adds to the NSS db"
certutil -L -d "sql:$nssdb" | grep -qE '^ward-[0-9a-f]{16} +C,, *$' ||
	bad "the NSS db lacks ward's CA with trust C,,: $(certutil -L -d "sql:$nssdb")"

browse trusted
grep -qE '^handshakes: [1-9][0-9]* ok, versions: TLS 1\.3$' <<<"$net" ||
	bad "handshakes in the net log: $net"
grep -qE '^certificates: [1-9][0-9]* verified, errors: none$' <<<"$net" ||
	bad "certificate verification in the net log: $net"
grep -qE '^requests: [1-9][0-9]*, errors: none$' <<<"$net" ||
	bad "requests in the net log: $net"

want "$dom" '<td id="tls_version">TLSv1.3</td>' "the page shows TLS 1.3"
want "$dom" '<td id="alpn">http/1.1</td>' "the page shows ALPN http/1.1"
want "$dom" '<td id="sni">localhost</td>' "the page shows the SNI"
want "$dom" '<td id="group">x25519</td>' "the page shows the group"
want "$dom" '<td id="signature_scheme">ecdsa_secp256r1_sha256</td>' \
	"the page shows the signature scheme"
# what Chromium offered, GREASE included
want "$dom" 'GREASE' "the offered lists name GREASE"

stop_serve "$master"
# run.sh's access log is its standard output
grep -q '"GET /connection.js HTTP/1.1" 200 .*HeadlessChrome.* TLSv1.3 TLS_AES_' \
	"$scratch/run.out" || bad "access log line for the script:
$(cat "$scratch/run.out")"
grep -q '"GET /.well-known/ward/connection HTTP/1.1" 200 ' "$scratch/run.out" ||
	bad "no access log line for the page's fetch"

serve_finish "make run's site in Chromium, ward's CA trusted in NSS"
