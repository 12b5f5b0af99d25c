#!/usr/bin/env bash
# `ward ca` end to end: the real binary makes a CA and certificates, and
# openssl (not ward) judges them.
set -euo pipefail

WARD_BIN=${WARD_BIN:?WARD_BIN must name the ward binary}
. "$(dirname "$0")/need_lib.sh"
need openssl certutil

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# Never touch the real home: the default CA directory is derived from these.
export HOME=$scratch/home
unset WARD_CA_DIR XDG_DATA_HOME
mkdir -p "$HOME"
cd "$scratch"

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# run EXPECTED_RC CMD...: run, keep stdout+stderr in $out, check the code.
run() {
	local want=$1 rc=0
	shift
	out=$("$@" 2>&1) || rc=$?
	[ "$rc" -eq "$want" ] ||
		fail "'$*' exited $rc, expected $want; it said: $out"
}

mode() { stat -c %a "$1"; }
fingerprint() { openssl x509 -in "$1" -noout -fingerprint -sha256; }
expect_in() { # TEXT NEEDLE WHAT
	grep -qF -- "$2" <<<"$1" || fail "$3: expected '$2' in: $1"
}

ca=$scratch/ca

# --- before init ---
run 2 "$WARD_BIN" ca issue --dir "$ca" localhost
expect_in "$out" "ward ca init" "issue without a CA"
[ ! -e "$ca" ] || fail "issue without a CA created $ca"
run 2 "$WARD_BIN" ca show --dir "$ca"
expect_in "$out" "ward ca init" "show without a CA"

# --- usage ---
run 0 "$WARD_BIN" ca --help
expect_in "$out" "ward ca issue localhost" "ward ca --help"
for sub in init issue show; do
	run 0 "$WARD_BIN" ca $sub --help
	expect_in "$out" "usage: ward ca $sub" "ward ca $sub --help"
	run 2 "$WARD_BIN" ca $sub --no-such-flag
	expect_in "$out" "--no-such-flag" "unknown flag to $sub"
	[ "$(wc -l <<<"$out")" -eq 1 ] || fail "want one line for a bad flag: $out"
done
run 2 "$WARD_BIN" ca
run 2 "$WARD_BIN" ca frobnicate
run 2 "$WARD_BIN" ca issue --days 0 localhost
run 2 "$WARD_BIN" ca issue --key-type dsa localhost
run 2 "$WARD_BIN" ca issue 'bad name'
run 2 "$WARD_BIN" ca issue --ip not-an-ip localhost
# a name that looks like an option is a bad name, and each bad name says why
run 2 "$WARD_BIN" ca issue -leading.test
[ "$out" = "ward ca issue: '-leading.test' is not a host name: the label '-leading' starts with '-'; a label may not start or end with '-'" ] ||
	fail "-leading.test: $out"
run 2 "$WARD_BIN" ca issue --out-dir -dir -leading.test
expect_in "$out" "'-leading.test' is not a host name" "-leading.test after --out-dir"
run 2 "$WARD_BIN" ca issue -- trailing-.test
expect_in "$out" "the label 'trailing-' ends with '-'" "trailing '-'"
run 2 "$WARD_BIN" ca issue -x
expect_in "$out" "unknown option '-x'" "a short option"
long=$(printf 'a%.0s' {1..64})
run 2 "$WARD_BIN" ca issue "ok.$long.test"
expect_in "$out" "the label 'aaaaaaaaaaaaaaaaaaaa...' is 64 characters long; a label has at most 63" "a long label"
run 2 "$WARD_BIN" ca issue "bücher.example"
expect_in "$out" "'bücher.example' is not a host name: it is not ASCII: give an internationalized name in punycode (xn--...)" "an IDN"
run 2 "$WARD_BIN" ca issue 'a_b.test'
expect_in "$out" "it has the character '_'" "an underscore"
[ ! -e "$ca" ] || fail "a bad name created $ca"

# --- init ---
run 0 "$WARD_BIN" ca init --dir "$ca"
[ "$(mode "$ca")" = 700 ] || fail "CA dir mode $(mode "$ca"), expected 700"
[ "$(mode "$ca/ca-key.pem")" = 600 ] ||
	fail "ca-key.pem mode $(mode "$ca/ca-key.pem"), expected 600"
[ "$(mode "$ca/ca.pem")" = 644 ] ||
	fail "ca.pem mode $(mode "$ca/ca.pem"), expected 644"
root_text=$(openssl x509 -in "$ca/ca.pem" -noout -text)
expect_in "$root_text" "CA:TRUE, pathlen:0" "root basicConstraints"
expect_in "$root_text" "Certificate Sign, CRL Sign" "root keyUsage"
expect_in "$root_text" "Subject: CN = ward local CA" "root subject"
expect_in "$root_text" "NIST CURVE: P-256" "root key"
openssl pkey -in "$ca/ca-key.pem" -noout || fail "ca-key.pem does not parse"
fp=$(fingerprint "$ca/ca.pem")

run 0 "$WARD_BIN" ca init --dir "$ca"
expect_in "$out" "already exists" "second init"
expect_in "$out" "$ca/ca.pem" "second init names the file"
[ "$(fingerprint "$ca/ca.pem")" = "$fp" ] || fail "second init replaced the CA"

run 0 "$WARD_BIN" ca show --dir "$ca"
want_fp=${fp#*=}
expect_in "$out" "$want_fp" "show prints the SHA-256 fingerprint"
expect_in "$out" "update-ca-certificates" "show says how to trust it"
expect_in "$out" "--cacert $ca/ca.pem" "show gives the curl flag"

# --- issue ---
mkdir out
run 0 "$WARD_BIN" ca issue --dir "$ca" --out-dir out localhost 127.0.0.1 ::1
[ -f out/localhost.pem ] && [ -f out/localhost-key.pem ] ||
	fail "expected out/localhost.pem and out/localhost-key.pem, got: $(ls out)"
[ "$(mode out/localhost-key.pem)" = 600 ] ||
	fail "key mode $(mode out/localhost-key.pem), expected 600"
v=$(openssl verify -CAfile "$ca/ca.pem" out/localhost.pem 2>&1) ||
	fail "openssl verify rejected localhost.pem: $v"
expect_in "$v" "out/localhost.pem: OK" "openssl verify"
san=$(openssl x509 -in out/localhost.pem -noout -ext subjectAltName)
for want in "DNS:localhost" "IP Address:127.0.0.1" \
	"IP Address:0:0:0:0:0:0:0:1"; do
	expect_in "$san" "$want" "subjectAltName"
done
leaf_text=$(openssl x509 -in out/localhost.pem -noout -text)
expect_in "$leaf_text" "CA:FALSE" "leaf basicConstraints"
expect_in "$leaf_text" "TLS Web Server Authentication" "leaf EKU"
grep -q "Client Authentication" <<<"$leaf_text" &&
	fail "a server certificate got clientAuth"
# the key belongs to the certificate
[ "$(openssl x509 -in out/localhost.pem -noout -pubkey)" = \
	"$(openssl pkey -in out/localhost-key.pem -pubout)" ] ||
	fail "localhost-key.pem does not match localhost.pem"
openssl verify -CAfile "$ca/ca.pem" -verify_hostname localhost \
	out/localhost.pem >/dev/null 2>&1 || fail "hostname localhost refused"
openssl verify -CAfile "$ca/ca.pem" -verify_ip ::1 \
	out/localhost.pem >/dev/null 2>&1 || fail "IP ::1 refused"

# the CA directory by default: $HOME/.local/share/ward/ca, then the env vars
run 0 "$WARD_BIN" ca init
[ -f "$HOME/.local/share/ward/ca/ca.pem" ] || fail "no CA under \$HOME"
[ "$(mode "$HOME/.local/share/ward/ca")" = 700 ] || fail "default dir mode"
WARD_CA_DIR=$ca run 0 "$WARD_BIN" ca show
expect_in "$out" "CA directory: $ca" "WARD_CA_DIR"
XDG_DATA_HOME=$scratch/xdg run 2 "$WARD_BIN" ca show
expect_in "$out" "$scratch/xdg/ward/ca" "XDG_DATA_HOME"

# --client
run 0 "$WARD_BIN" ca issue --dir "$ca" --client alice.test
expect_in "$(openssl x509 -in alice.test.pem -noout -ext extendedKeyUsage)" \
	"TLS Web Client Authentication" "--client EKU"
openssl verify -CAfile "$ca/ca.pem" -purpose sslclient alice.test.pem \
	>/dev/null 2>&1 || fail "--client certificate refused for sslclient"

# key types
check_type() { # KEY-TYPE FILE-BASE WANT-IN-KEY WANT-IN-CERT
	run 0 "$WARD_BIN" ca issue --dir "$ca" --key-type "$1" "$2"
	expect_in "$(openssl pkey -in "$2-key.pem" -noout -text)" "$3" \
		"--key-type $1 key"
	expect_in "$(openssl x509 -in "$2.pem" -noout -text)" "$4" \
		"--key-type $1 certificate"
	openssl verify -CAfile "$ca/ca.pem" "$2.pem" >/dev/null 2>&1 ||
		fail "--key-type $1 certificate does not verify"
}
check_type rsa rsa.test "Private-Key: (2048 bit" "rsaEncryption"
check_type ed25519 ed.test "ED25519 Private-Key" "ED25519"
check_type ecdsa384 p384.test "NIST CURVE: P-384" "NIST CURVE: P-384"
check_type ecdsa p256.test "NIST CURVE: P-256" "NIST CURVE: P-256"
expect_in "$(openssl x509 -in rsa.test.pem -noout -ext keyUsage)" \
	"Key Encipherment" "RSA leaf keyUsage"

# wildcard and IP-only file names
run 0 "$WARD_BIN" ca issue --dir "$ca" '*.dev.test'
[ -f _wildcard.dev.test.pem ] || fail "expected _wildcard.dev.test.pem"
run 0 "$WARD_BIN" ca issue --dir "$ca" --ip 10.0.0.7 --cert-file c.pem \
	--key-file k.pem
expect_in "$(openssl x509 -in c.pem -noout -ext subjectAltName)" \
	"IP Address:10.0.0.7" "--ip SAN"

# backdated past its end: already expired
run 0 "$WARD_BIN" ca issue --dir "$ca" --backdate 10 --days 5 old.test
v=$(openssl verify -CAfile "$ca/ca.pem" old.test.pem 2>&1) &&
	fail "openssl verify accepted an expired certificate: $v"
expect_in "$v" "certificate has expired" "backdated certificate"

# --out-dir is made when missing, 0700 (it holds a key), parents too
run 0 "$WARD_BIN" ca issue --dir "$ca" --out-dir new/certs localhost
[ "$(mode new/certs)" = 700 ] || fail "--out-dir mode $(mode new/certs), expected 700"
[ -f new/certs/localhost-key.pem ] || fail "no key in the new --out-dir"
chmod 750 new/certs
run 0 "$WARD_BIN" ca issue --dir "$ca" --out-dir new/certs localhost
[ "$(mode new/certs)" = 750 ] || fail "an existing --out-dir's mode was changed"

# --force replaces the CA, and removes the serve/ leaf the old one signed
# (the one `ward serve` without --cert uses; test_ca_serve.sh serves it)
run 0 "$WARD_BIN" ca issue --dir "$ca" --out-dir "$ca/serve" localhost 127.0.0.1 ::1
echo keep >"$ca/serve/notes.txt"
run 0 "$WARD_BIN" ca init --dir "$ca" --force --name "second CA"
expect_in "$out" "Removed $ca/serve/localhost.pem and its key" "--force names the stale leaf"
[ ! -e "$ca/serve/localhost.pem" ] && [ ! -e "$ca/serve/localhost-key.pem" ] ||
	fail "--force left the old CA's serve leaf: $(ls "$ca/serve")"
[ -e "$ca/serve/notes.txt" ] || fail "--force removed a file that is no leaf"
# a leaf the current CA signed stays
run 0 "$WARD_BIN" ca issue --dir "$ca" --out-dir "$ca/serve" localhost
run 0 "$WARD_BIN" ca init --dir "$ca"
[ -e "$ca/serve/localhost.pem" ] || fail "init without --force removed a leaf"
run 0 "$WARD_BIN" ca init --dir "$ca" --force --name "second CA"
[ ! -e "$ca/serve/localhost.pem" ] || fail "second --force left the leaf"
rm -rf "$ca/serve"
[ "$(fingerprint "$ca/ca.pem")" != "$fp" ] || fail "--force kept the old CA"
[ "$(mode "$ca/ca-key.pem")" = 600 ] || fail "key mode after --force"
openssl verify -CAfile "$ca/ca.pem" out/localhost.pem >/dev/null 2>&1 &&
	fail "the old leaf still verifies under the new CA"
ls -a "$ca" | grep -q tmp && fail "temporary files left in $ca"

# --- install / uninstall, in a throw-away system store and NSS database ---
export WARD_CA_SYSTEM_STORE=$scratch/store
export WARD_CA_UPDATE_CMD="echo ran >>$scratch/updates"
mkdir "$WARD_CA_SYSTEM_STORE"
nssdb=$HOME/.pki/nssdb
run 0 "$WARD_BIN" ca install --help
expect_in "$out" "usage: ward ca install" "install --help"
run 2 "$WARD_BIN" ca install --dir "$scratch/none"
expect_in "$out" "ward ca init" "install without a CA"
fp_hex=$(openssl x509 -in "$ca/ca.pem" -noout -fingerprint -sha256 |
	sed 's/.*=//; s/://g' | tr A-F a-f)
nick=ward-${fp_hex:0:16}
crt=$WARD_CA_SYSTEM_STORE/$nick.crt
updates() { [ -f "$scratch/updates" ] && wc -l <"$scratch/updates" || echo 0; }
nss_trust() { # the trust flags of $nick in the NSS database, or nothing
	certutil -L -d "sql:$nssdb" 2>/dev/null |
		awk -v n="$nick" '$1 == n { print $2 }'
}

run 0 "$WARD_BIN" ca install --dir "$ca"
expect_in "$out" "System store: added $crt" "install: system store"
expect_in "$out" "ran $WARD_CA_UPDATE_CMD" "install runs the update command"
expect_in "$out" "NSS database: created $nssdb" "install makes the NSS db"
expect_in "$out" "added '$nick' to sql:$nssdb, trusted for TLS servers (C,,)" "install: NSS"
expect_in "$out" "Undo with: ward ca uninstall --dir $ca" "install says how to undo"
cmp -s "$crt" "$ca/ca.pem" || fail "$crt is not the CA certificate"
[ "$(mode "$crt")" = 644 ] || fail "$crt mode $(mode "$crt"), expected 644"
[ "$(updates)" = 1 ] || fail "the update command ran $(updates) times, want 1"
[ "$(nss_trust)" = "C,," ] || fail "NSS trust '$(nss_trust)', want C,,: $(certutil -L -d "sql:$nssdb")"
certutil -L -d "sql:$nssdb" -n "$nick" -a | openssl x509 -noout -fingerprint -sha256 |
	grep -qF "$want_fp" && fail "the NSS db holds the first CA, not the current one"
[ "$(certutil -L -d "sql:$nssdb" -n "$nick" -a | openssl x509 -fingerprint -sha256 -noout)" = \
	"$(fingerprint "$ca/ca.pem")" ] || fail "the NSS entry is not ca.pem"

# again: nothing changes
run 0 "$WARD_BIN" ca install --dir "$ca"
expect_in "$out" "System store: already installed as $crt" "second install: system"
expect_in "$out" "already installed as '$nick'" "second install: NSS"
[ "$(updates)" = 1 ] || fail "a second install ran the update command"
[ "$(certutil -L -d "sql:$nssdb" | grep -c "^$nick ")" = 1 ] ||
	fail "the NSS db holds $nick twice"

# a failing update command and an unwritable store fail the install
# (exit 1), and the NSS part is still done
rm "$crt"
WARD_CA_UPDATE_CMD=false run 1 "$WARD_BIN" ca install --dir "$ca"
expect_in "$out" "'false' failed (exit 1)" "failing update command"
WARD_CA_SYSTEM_STORE=$scratch/no-such-dir run 1 "$WARD_BIN" ca install --dir "$ca"
expect_in "$out" "cannot write $scratch/no-such-dir/$nick.crt" "unwritable store"
expect_in "$out" "already installed as '$nick'" "NSS after a store failure"

run 0 "$WARD_BIN" ca uninstall --dir "$ca"
expect_in "$out" "System store: removed $crt" "uninstall: system"
expect_in "$out" "NSS database (Chromium): removed '$nick' from sql:$nssdb" "uninstall: NSS"
[ ! -e "$crt" ] || fail "uninstall left $crt"
[ -z "$(nss_trust)" ] || fail "uninstall left $nick in the NSS db"
[ "$(updates)" = 2 ] || fail "uninstall did not run the update command once"
run 0 "$WARD_BIN" ca uninstall --dir "$ca"
expect_in "$out" "System store: not installed" "second uninstall: system"
expect_in "$out" "not installed in sql:$nssdb" "second uninstall: NSS"
[ "$(updates)" = 2 ] || fail "a second uninstall ran the update command"
ls -a "$WARD_CA_SYSTEM_STORE" | grep -q tmp && fail "temporary files left in the store"

echo "ok: ward ca"
exit 0
