#!/usr/bin/env bash
# `ward get --pinnedpubkey` (curl's syntax and exit code 90) against
# `ward serve`: the server's key hash as sha256//BASE64, in a list, as a
# PEM or DER key file; a wrong pin fails with the host and the real hash
# named, also with -k; TLS 1.2 too; malformed pins and unreadable files
# are refused before any connection. And -w @FILE / -w @-.
set -euo pipefail
. "$(dirname "$0")/serve_lib.sh"
. "$(dirname "$0")/get_lib.sh"
need openssl

site_root


start_serve main --root "$site"
tls=(--cacert "$ca/ca.pem" --resolve "localhost:$port:127.0.0.1")
url=https://localhost:$port/

openssl x509 -in "$cert" -pubkey -noout >"$scratch/pub.pem"
openssl pkey -pubin -in "$scratch/pub.pem" -outform DER -out "$scratch/pub.der"
pin=sha256//$(openssl dgst -sha256 -binary "$scratch/pub.der" | base64)
# another key's hash: a pin that must not match
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$scratch/other.key" 2>/dev/null
openssl pkey -in "$scratch/other.key" -pubout -outform DER -out "$scratch/other.der"
other=sha256//$(openssl dgst -sha256 -binary "$scratch/other.der" | base64)

get "${tls[@]}" --pinnedpubkey "$pin" "$url"
rc_is 0 "the right pin"
check_eq "$out" "hello from ward" "the right pin: the body"

get "${tls[@]}" --pinnedpubkey "$other;$pin" "$url"
rc_is 0 "a list with the right pin second"

get "${tls[@]}" --pinnedpubkey "$scratch/pub.pem" "$url"
rc_is 0 "a PEM key file"
get "${tls[@]}" --pinnedpubkey "$scratch/pub.der" "$url"
rc_is 0 "a DER key file"

get "${tls[@]}" --tls-max 1.2 --pinnedpubkey "$pin" "$url"
rc_is 0 "the right pin over TLS 1.2"

get "${tls[@]}" --pinnedpubkey "$other" "$url"
rc_is 90 "a wrong pin"
want "$err" "the public key of localhost ($pin) is not one of --pinnedpubkey" \
	"a wrong pin: the host and its real hash named"
check_eq "$out" "" "a wrong pin: no body"

get "${tls[@]}" --tls-max 1.2 --pinnedpubkey "$scratch/other.der.der" "$url"
rc_is 26 "a pin file that does not exist"
want "$err" "other.der.der" "a missing pin file is named"

get "${tls[@]}" --tls-max 1.2 --pinnedpubkey "$scratch/other.der" "$url"
rc_is 90 "a wrong pin over TLS 1.2"

# -k skips the chain and name checks, never the pin
get -k --resolve "localhost:$port:127.0.0.1" --pinnedpubkey "$other" "$url"
rc_is 90 "a wrong pin with -k"
get -k --resolve "localhost:$port:127.0.0.1" --pinnedpubkey "$pin" "$url"
rc_is 0 "the right pin with -k"

# malformed pins: usage errors, before any connection
for p in "sha256//" "sha256//AAAA" "$pin;" "$pin;md5//x" "$pin;;$pin"; do
	get "${tls[@]}" --pinnedpubkey "$p" "$url"
	[ "$p" = "$pin;" ] && { rc_is 0 "a trailing ';'"; continue; }
	rc_is 2 "malformed pin '$p'"
done
echo "not a key" >"$scratch/junk.pem"
get "${tls[@]}" --pinnedpubkey "$scratch/junk.pem" "$url"
rc_is 2 "a file without a key"
want "$err" "junk.pem' holds no public key" "a file without a key is named"

# -w @FILE and -w @-
printf '%%{http_code} %%{tls_version}\\n' >"$scratch/fmt"
get "${tls[@]}" -w "@$scratch/fmt" "$url"
rc_is 0 "-w @FILE"
check_eq "$out" $'hello from ward\n200 TLSv1.3' "-w @FILE: the file's format"
printf '%%{num_connects}' >"$scratch/fmt2"
stdin=$scratch/fmt2 get "${tls[@]}" -w @- "$url"
rc_is 0 "-w @-"
check_eq "$out" $'hello from ward\n1' "-w @-: the format from stdin"
get "${tls[@]}" -w "@$scratch/nope" "$url"
rc_is 26 "-w @FILE that does not exist"
want "$err" "$scratch/nope" "-w @FILE: the missing file is named"

serve_finish test_get_pin
