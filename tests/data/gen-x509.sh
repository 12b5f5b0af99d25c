#!/usr/bin/env bash
# Regenerate the X.509 and key fixtures in tests/data/x509/ used by
# tests/unit/test_crypto_x509.c and test_crypto_pkey.c. The output is
# committed; run this only to change it.
#
#   root.pem            "ward test root", EC P-256, self-signed CA
#   inter.pem           "ward test intermediate", signed by the root
#   leaf.pem, leaf.key  EC P-256 leaf for test.example, *.wild.example and
#                       127.0.0.1 (serverAuth only), signed by inter
#   chain.pem           leaf then inter
#   expired-chain.pem   a leaf valid only in 2020, then inter
#   selfsigned.pem/.key a self-signed leaf for test.example
#   rsa-chain.pem/.key  RSA-2048 leaf then inter
#   ed25519-chain.pem/.key  Ed25519 leaf then inter
#   p384-chain.pem/.key, p521-chain.pem/.key  ECDSA P-384, P-521 leaves
#                       then inter
#   ed448-chain.pem     Ed448 leaf (a key type ward does not use) then inter
#   other-root.pem      an unrelated CA
#   client-root.pem     "ward test client root", EC P-256, self-signed CA
#   client-chain.pem, client.key  EC P-256 leaf for client.example
#                       (clientAuth only), signed by the client root
#   roots/              a directory holding root.pem
#   leaf-trad.key, rsa-trad.key   traditional (non-PKCS#8) encodings
#   encrypted.key       leaf.key encrypted (passphrase "secret")
#   rsapss.key          RSASSA-PSS key, unrestricted
#   rsapss-sha256.key   RSASSA-PSS key restricted to SHA-256
#   rsapss-chain.pem    leaf with the key rsapss.key, then inter
#   message.txt, rsa-pkcs1-sha256.sig, leaf-ecdsa-sha1.sig
#                       legacy signatures made by the openssl CLI
# Good certificates are valid for 100 years from 2020-01-01, a fixed window
# so that tests may use a fixed "now" and no clock skew matters.
set -euo pipefail
cd "$(dirname "$0")"
out=x509
from=20200101000000Z
until=21200101000000Z
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rm -rf "$out"
mkdir -p "$out/roots"

cat >"$tmp/req.cnf" <<CNF
[req]
distinguished_name = dn
prompt = no
[dn]
CN = placeholder
[root]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[inter]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[leaf]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = DNS:test.example, DNS:*.wild.example, IP:127.0.0.1
[client]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = DNS:client.example
[selfsigned]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:test.example
CNF

cat >"$tmp/ca.cnf" <<CNF
[ca]
default_ca = inter
[inter]
database = $tmp/index.txt
new_certs_dir = $tmp
serial = $tmp/serial
default_md = sha256
policy = any
unique_subject = no
[any]
commonName = supplied
CNF
: >"$tmp/index.txt"
echo 1000 >"$tmp/serial"

ec_key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1"; }

# sign: subject CN, key, extension section, output, issuer cert, issuer key,
# first day, last day (issuer "self": self-signed). openssl ca rather than
# openssl x509 because only it sets both ends of the validity.
sign() {
	local issuer=(-cert "$5" -keyfile "$6")
	[ "$5" = self ] && issuer=(-selfsign -keyfile "$2")
	openssl req -new -config "$tmp/req.cnf" -key "$2" -subj "/CN=$1" \
		-out "$tmp/req.csr"
	openssl ca -batch -notext -config "$tmp/ca.cnf" "${issuer[@]}" \
		-in "$tmp/req.csr" -startdate "$7" -enddate "$8" \
		-extfile "$tmp/req.cnf" -extensions "$3" -out "$4" \
		2>"$tmp/ca.log" || { cat "$tmp/ca.log" >&2; return 1; }
}

make_root() {
	ec_key "$2"
	sign "$1" "$2" root "$3" self - $from $until
}

issue() {
	sign "$1" "$2" "$3" "$4" "$5" "$6" $from $until
}

# leaf_chain: subject CN, key, output: a leaf signed by the intermediate,
# then the intermediate.
leaf_chain() {
	issue "$1" "$2" leaf "$tmp/$1.pem" "$out/inter.pem" "$tmp/inter.key"
	cat "$tmp/$1.pem" "$out/inter.pem" >"$3"
}

make_root "ward test root" "$tmp/root.key" "$out/root.pem"
cp "$out/root.pem" "$out/roots/ward-test-root.pem"
make_root "ward other root" "$tmp/other.key" "$out/other-root.pem"

ec_key "$tmp/inter.key"
issue "ward test intermediate" "$tmp/inter.key" inter "$out/inter.pem" \
	"$out/root.pem" "$tmp/root.key"

ec_key "$out/leaf.key"
issue test.example "$out/leaf.key" leaf "$out/leaf.pem" \
	"$out/inter.pem" "$tmp/inter.key"
cat "$out/leaf.pem" "$out/inter.pem" >"$out/chain.pem"

ec_key "$tmp/expired.key"
sign expired.test.example "$tmp/expired.key" leaf "$tmp/expired.pem" \
	"$out/inter.pem" "$tmp/inter.key" 20200101000000Z 20210101000000Z
cat "$tmp/expired.pem" "$out/inter.pem" >"$out/expired-chain.pem"

ec_key "$out/selfsigned.key"
sign test.example "$out/selfsigned.key" selfsigned "$out/selfsigned.pem" \
	self - $from $until

openssl genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$out/rsa.key"
leaf_chain rsa.test.example "$out/rsa.key" "$out/rsa-chain.pem"

openssl genpkey -algorithm ED25519 -out "$out/ed25519.key"
leaf_chain ed25519.test.example "$out/ed25519.key" "$out/ed25519-chain.pem"

for curve in 384 521; do
	openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-$curve \
		-out "$out/p$curve.key"
	leaf_chain "p$curve.test.example" "$out/p$curve.key" \
		"$out/p$curve-chain.pem"
done

openssl genpkey -algorithm ED448 -out "$tmp/ed448.key"
leaf_chain ed448.test.example "$tmp/ed448.key" "$out/ed448-chain.pem"

make_root "ward test client root" "$tmp/client-root.key" "$out/client-root.pem"
ec_key "$out/client.key"
issue client.example "$out/client.key" client "$out/client-chain.pem" \
	"$out/client-root.pem" "$tmp/client-root.key"

openssl pkey -in "$out/leaf.key" -traditional -out "$out/leaf-trad.key"
openssl pkey -in "$out/rsa.key" -traditional -out "$out/rsa-trad.key"
openssl pkey -in "$out/leaf.key" -aes256 -passout pass:secret \
	-out "$out/encrypted.key"

openssl genpkey -quiet -algorithm RSA-PSS -pkeyopt rsa_keygen_bits:2048 \
	-out "$out/rsapss.key"
openssl genpkey -quiet -algorithm RSA-PSS -pkeyopt rsa_keygen_bits:2048 \
	-pkeyopt rsa_pss_keygen_md:sha256 -pkeyopt rsa_pss_keygen_mgf1_md:sha256 \
	-pkeyopt rsa_pss_keygen_saltlen:32 -out "$out/rsapss-sha256.key"
leaf_chain rsapss.test.example "$out/rsapss.key" "$out/rsapss-chain.pem"

printf 'ward legacy signature test\n' >"$out/message.txt"
openssl dgst -sha256 -sign "$out/rsa.key" -out "$out/rsa-pkcs1-sha256.sig" \
	"$out/message.txt"
openssl dgst -sha1 -sign "$out/leaf.key" -out "$out/leaf-ecdsa-sha1.sig" \
	"$out/message.txt"

echo "wrote $(ls "$out" | wc -l) files to $(pwd)/$out"
