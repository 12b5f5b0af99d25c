#!/usr/bin/env bash
# `ward get` against `ward serve`, openssl s_server -www and a python
# HTTP/1.1 server (plain and TLS, tests/interop/get_server.py): bodies on
# disk byte for byte, -i/-I output, redirects (bounded, a loop, method
# rules), --fail, every exit code we can provoke on loopback (resolution,
# connection refused, timeout, TLS handshake failure, certificate
# verification), keep-alive reuse of one connection for several URLs,
# chunked bodies with trailers, HTTP/1.0 close-delimited bodies.
# Certificates are always verified (--cacert with the test CA), except in
# the one case that checks that -k warns.
set -euo pipefail
. "$(dirname "$0")/serve_lib.sh"
. "$(dirname "$0")/get_lib.sh"
need openssl sha256sum

site_root
mkdir "$site/dir"
head -c 300000 /dev/urandom >"$site/blob.bin"
echo "in a dir" >"$site/dir/index.html"

start_serve main --root "$site" --access-log "$scratch/access.log"
wport=$port
tls=(--cacert "$ca/ca.pem" --resolve "localhost:$wport:127.0.0.1")
base=https://localhost:$wport

# --- ward serve ---
get "${tls[@]}" "$base/"
rc_is 0 "GET /"
check_eq "$out" "hello from ward" "GET / body"

get "${tls[@]}" -o "$scratch/blob.got" "$base/blob.bin"
rc_is 0 "-o blob"
check_eq "$(sha256sum <"$scratch/blob.got")" "$(sha256sum <"$site/blob.bin")" \
	"-o blob.bin: sha256 on disk"

(cd "$scratch" && rm -f blob.bin && timeout 60 "$WARD_BIN" get -s \
	"${tls[@]}" -O "$base/blob.bin") || bad "-O blob.bin failed"
cmp -s "$scratch/blob.bin" "$site/blob.bin" || bad "-O: not the same bytes"

get "${tls[@]}" -i "$base/"
rc_is 0 "-i"
want "$out" $'HTTP/1.1 200 OK\r' "-i: status line"
want "$out" $'\r\n\r\nhello from ward' "-i: head, empty line, body"
has "$out" "content-length: 16" || has "$out" "Content-Length: 16" ||
	bad "-i: no Content-Length in $out"

get "${tls[@]}" -I "$base/"
rc_is 0 "-I"
want "$out" $'HTTP/1.1 200 OK\r' "-I: status line"
has "$out" "hello from ward" && bad "-I: a body was written"

get "${tls[@]}" "$base/nope"
rc_is 0 "404 without --fail"
get "${tls[@]}" --fail "$base/nope"
rc_is 22 "--fail on 404"
want "$err" "returned error: 404" "--fail message"
[ -z "$out" ] || bad "--fail: the error body was written: $out"

# three URLs of one origin: three requests, one handshake (one secret in
# the key log per handshake)
: >"$scratch/access.log"
SSLKEYLOGFILE=$scratch/serve-keys.log get "${tls[@]}" "$base/" \
	"$base/blob.bin" "$base/"
rc_is 0 "ward serve: three URLs"
check_eq "$(grep -c '^CLIENT_HANDSHAKE_TRAFFIC_SECRET ' "$scratch/serve-keys.log")" \
	1 "ward serve: three URLs, one handshake"
wait_until 50 test "$(grep -c 'GET /' "$scratch/access.log")" -eq 3 ||
	bad "ward serve: three requests logged: $(cat "$scratch/access.log")"

# 301 /dir -> /dir/, followed with -L only
get "${tls[@]}" "$base/dir"
rc_is 0 "/dir without -L"
get "${tls[@]}" -L "$base/dir"
rc_is 0 "-L /dir"
check_eq "$out" "in a dir" "-L /dir body"

# the certificate is for localhost; other.test resolved to it is refused
get --cacert "$ca/ca.pem" --resolve "other.test:$wport:127.0.0.1" \
	"https://other.test:$wport/"
rc_is 60 "wrong host name"
want "$err" "other.test" "wrong name: the message names the host"
want "$err" "does not match" "wrong name: the reason"
# no --cacert: the system store does not know ward's test CA
get --resolve "localhost:$wport:127.0.0.1" "$base/"
rc_is 60 "untrusted CA"
want "$err" "unknown CA" "untrusted CA: the reason"
# -k: the one case without verification, loudly warned
get -k --resolve "other.test:$wport:127.0.0.1" "https://other.test:$wport/"
rc_is 0 "-k"
want "$err" "WARNING: --insecure" "-k warns"
check_eq "$out" "hello from ward" "-k body"
get -s -k "${tls[@]}" "$base/"
want "$err" "WARNING: --insecure" "-k warns even with -s"

# --- exit codes without a server ---
get "https://no-such-host.invalid/"
rc_is 6 "name resolution"
want "$err" "no-such-host.invalid" "resolution message names the host"
nport=$(freeport)
get "http://127.0.0.1:$nport/"
rc_is 7 "connection refused"
want "$err" "refused" "refused message"
get "ftp://localhost/"
rc_is 3 "ftp URL"
get "https://local host/"
rc_is 3 "URL with a space"
get "https://localhost:99999/"
rc_is 3 "port out of range"
get "https://[::1/"
rc_is 3 "unclosed IPv6 bracket"
get --bogus "$base/"
rc_is 2 "unknown option"
get
rc_is 2 "no URL"
get -H "Bad Header: x" "$base/"
rc_is 2 "-H with a space in the name"
get --help
rc_is 0 "--help"
want "$out" "examples:" "--help has examples"

# --- TLS handshake failure: a server with only a suite we do not offer
# (-www: s_server then does not quit at the end of its stdin) ---
start_s_server ccm "$scratch/localhost" -www -ciphersuites TLS_AES_128_CCM_SHA256
get --cacert "$ca/ca.pem" "https://localhost:$port/"
rc_is 35 "handshake failure"
want "$err" "server sent alert handshake_failure" "handshake failure message"
stop "$srv_pid"

# --- openssl s_server -www: HTTP/1.0, delimited by the close, over TLS ---
start_s_server www "$scratch/localhost" -www
get --cacert "$ca/ca.pem" -i "https://localhost:$port/"
rc_is 0 "s_server -www"
want "$out" "HTTP/1.0 200 ok" "s_server -www status line"
want "$out" "</HTML>" "s_server -www: the whole close-delimited body"
stop "$srv_pid"

# --- the python server: plain, then TLS ---
start_py plain
p=http://127.0.0.1:$pport
get "$p/hello" "$p/hello" "$p/chunked"
rc_is 0 "three URLs, one origin"
check_eq "$out" $'hello\nhello\nabcdefg' "three URLs: bodies in order"
check_eq "$(wc -l <"$scratch/plain.log")" 3 "three requests logged"
check_eq "$(conns plain)" 1 "keep-alive: three requests, one TCP connection"

get -i "$p/chunked"
rc_is 0 "chunked -i"
want "$out" $'Transfer-Encoding: chunked\r' "chunked head"
want "$out" $'abcdefg\nX-Sum: 8\r' "chunked: body then its trailer"

: >"$scratch/plain.log"
get "$p/http10" "$p/hello"
rc_is 0 "HTTP/1.0 close-delimited, then another URL"
check_eq "$out" $'until the close\nhello' "HTTP/1.0 body until the close"
check_eq "$(conns plain)" 2 "a close-delimited body ends its connection"

: >"$scratch/plain.log"
get "$p/idle-close" "$p/hello" "$p/idle-close" "$p/hello"
rc_is 0 "a kept-alive connection the server closed"
check_eq "$out" $'bye\nhello\nbye\nhello' "closed kept-alive connections replaced"
check_eq "$(conns plain)" 3 "a new connection after each close (1+2, 3, 4)"

# framing, end to end
: >"$scratch/plain.log"
get -i "$p/raw/te-cl-open" "$p/hello"
rc_is 0 "Transfer-Encoding and Content-Length"
want "$out" $'\r\n\r\nabchello' "both framings: the chunked body, then the next URL"
check_eq "$(conns plain)" 2 "both framings: the connection is not reused"
get -i "$p/raw/interim-open"
rc_is 0 "interim responses"
want "$out" $'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r' \
	"-i shows the interim heads"
want "$out" $'\r\n\r\nyes' "the final response after the interim ones"
for r in bad-cl obs-fold not-http switch; do
	get "$p/raw/$r"
	rc_is 8 "invalid response $r"
	want "$err" "127.0.0.1 sent" "invalid response $r: the message"
done
get "$p/raw/empty"
rc_is 52 "no response"
get "$p/raw/truncated"
rc_is 56 "a body shorter than its Content-Length"
check_eq "$out" "abc" "truncated: what came is written"
get "$p/raw/truncated-chunked"
rc_is 56 "a chunked body cut short"

get -L "$p/r/5"
rc_is 0 "-L five redirects"
check_eq "$out" "done" "-L chain body"
get -L --max-redirs 4 "$p/r/5"
rc_is 47 "-L beyond --max-redirs"
get -L "$p/loop"
rc_is 47 "-L redirect loop"
want "$err" "maximum (50) redirects" "loop message"
get -L "$p/raw/empty-location"
rc_is 3 "-L with an empty Location"
get "$p/r/1"
rc_is 0 "302 without -L"
[ -z "$out" ] || bad "302 without -L: body '$out'"

get -L -d "a=1" "$p/see-other"
check_eq "$out" $'GET /echo\n-' "303 after POST: GET without a body"
get -L -d "a=1" "$p/temp"
check_eq "$out" $'POST /echo\n-\na=1' "307: POST and its body again"
get -L -X PUT --data-binary "xyz" "$p/perm"
check_eq "$out" $'PUT /echo\n-\nxyz' "308 (relative Location): PUT kept"

get -u "me:secret" "$p/echo"
check_eq "$out" $'GET /echo\nBasic bWU6c2VjcmV0' "-u: Basic credentials"
get -L -u "me:secret" --resolve "name.test:$pport:127.0.0.1" \
	"http://name.test:$pport/other-host"
check_eq "$out" $'GET /echo\n-' "-u: not sent to another host after a redirect"

printf 'line1\r\nline2\n' >"$scratch/form.txt"
get -d "@$scratch/form.txt" "$p/echo"
check_eq "$out" $'POST /echo\n-\nline1line2' "-d @FILE drops line breaks"
get --data-binary "@$scratch/form.txt" -o "$scratch/echo.out" "$p/echo"
cmp -s <(printf 'POST /echo\n-\nline1\r\nline2\n') "$scratch/echo.out" ||
	bad "--data-binary @FILE: not byte for byte"
get -d "@$scratch/missing" "$p/echo"
rc_is 26 "-d @missing"

get -H "User-Agent: mine" -H "Accept:" -H "X-Empty;" "$p/headers"
want "$out" "User-Agent: [mine]" "-H replaces User-Agent"
has "$out" "Accept:" && bad "-H 'Accept:' did not remove Accept: $out"
want "$out" "X-Empty: []" "-H 'X-Empty;' sends it empty"
want "$out" "Host: [127.0.0.1:$pport]" "Host with the port"
get "$p/headers"
want "$out" "User-Agent: [ward/" "default User-Agent"
want "$out" "Accept: [*/*]" "default Accept"
get --http1.0 "$p/headers"
want "$out" "GET /headers HTTP/1.0" "--http1.0 request line"

get -o "$scratch/blob.py" "$p/blob"
rc_is 0 "1 MiB with Content-Length"
check_eq "$(wc -c <"$scratch/blob.py")" 1048576 "1 MiB: every byte"

get --fail "$p/status/500"
rc_is 22 "--fail on 500"
get -m 1 "$p/silent"
rc_is 28 "--max-time with a silent server"
want "$err" "timed out" "timeout message"
# each hop takes 0.6 s, the three of them more than the one --max-time
get -L -m 1 "$p/slow-r/2"
rc_is 28 "--max-time covers the redirects"
printf 'from=stdin' | timeout 60 "$WARD_BIN" get -s -d @- "$p/echo" \
	>"$scratch/stdin.out" || bad "-d @- failed"
check_eq "$(cat "$scratch/stdin.out")" $'POST /echo\n-\nfrom=stdin' "-d @-: stdin"
get --fail -o "$scratch/fail.out" "$p/status/404"
rc_is 22 "--fail -o"
[ ! -e "$scratch/fail.out" ] || bad "--fail: the output file was made"
get -O "$p/"
rc_is 23 "-O with no file name in the URL"
get -o "$scratch/no/such/dir/file" "$p/hello"
rc_is 23 "-o into a missing directory"
stop "$py_pid"

start_py v6 --host ::1
get "http://[::1]:$pport/headers"
rc_is 0 "IPv6 literal"
want "$out" "Host: [[::1]:$pport]" "IPv6 literal: Host in brackets"
stop "$py_pid"

start_py full --full
get --connect-timeout 1 "http://127.0.0.1:$pport/"
rc_is 28 "--connect-timeout against a full accept queue"
want "$err" "timed out after 1000 ms" "connect timeout message"
stop "$py_pid"

# SSLKEYLOGFILE: the secrets of the handshake, in NSS format
start_py tls --tls "$cert" "$key"
SSLKEYLOGFILE=$scratch/keys.log get --cacert "$ca/ca.pem" \
	--resolve "localhost:$pport:127.0.0.1" "https://localhost:$pport/hello"
rc_is 0 "SSLKEYLOGFILE"
grep -q '^CLIENT_HANDSHAKE_TRAFFIC_SECRET [0-9a-f]\{64\} [0-9a-f]' \
	"$scratch/keys.log" || bad "SSLKEYLOGFILE: no client handshake secret"
grep -q '^SERVER_TRAFFIC_SECRET_0 ' "$scratch/keys.log" ||
	bad "SSLKEYLOGFILE: no server traffic secret"
: >"$scratch/tls.log"
t=https://localhost:$pport
get --cacert "$ca/ca.pem" --resolve "localhost:$pport:127.0.0.1" \
	"$t/hello" "$t/chunked" "$t/hello"
rc_is 0 "TLS: three URLs, one origin"
check_eq "$out" $'hello\nabcdefg\nhello' "TLS: bodies"
check_eq "$(conns tls)" 1 "TLS keep-alive: one connection, one handshake"
stop "$py_pid"

# --compressed: gzip, x-gzip, deflate (zlib and raw), several gzip members,
# chunked; a corrupt or cut stream is exit 61; other codings pass as sent
start_py coded
p=http://127.0.0.1:$pport
out_sum() { sha256sum "$scratch/dec.out" | cut -d' ' -f1; }
get -o "$scratch/dec.out" "$p/blob"
blob_sum=$(out_sum)
for name in gzip x-gzip deflate deflate-raw gzip-multi gzip-chunked; do
	get --compressed -o "$scratch/dec.out" "$p/coded/$name"
	rc_is 0 "--compressed $name"
	check_eq "$(out_sum)" "$blob_sum" "--compressed $name: the decoded body"
done
curl -sS --compressed -o "$scratch/curl.out" "$p/coded/gzip"
check_eq "$(sha256sum <"$scratch/curl.out" | cut -d' ' -f1)" "$blob_sum" \
	"curl --compressed agrees"
get -o "$scratch/dec.out" "$p/coded/gzip"
rc_is 0 "gzip without --compressed"
check_eq "$(out_sum)" "$(curl -sS "$p/coded/gzip" | sha256sum | cut -d' ' -f1)" \
	"without --compressed: the bytes as sent"
for name in gzip-bad gzip-cut deflate-tail; do
	get --compressed -o "$scratch/dec.out" "$p/coded/$name"
	rc_is 61 "--compressed $name"
	want "$err" "cannot decode the body from 127.0.0.1" "--compressed $name: why"
done
get --compressed "$p/coded/br"
rc_is 0 "--compressed with an unknown coding"
check_eq "$out" "not really brotli" "an unknown coding passes as sent"
get --compressed "$p/headers"
want "$out" "Accept-Encoding: [gzip, deflate]" "--compressed asks for gzip and deflate"
get --compressed -H "Accept-Encoding: gzip" "$p/headers"
want "$out" "Accept-Encoding: [gzip]" "-H Accept-Encoding wins over --compressed"
get "$p/headers"
if grep -qi "accept-encoding" <<<"$out"; then bad "Accept-Encoding sent without --compressed"; fi
get --compressed -I "$p/coded/gzip"
rc_is 0 "--compressed -I: no body to decode"
want "$out" "Content-Encoding: gzip" "--compressed -I: the head"
stop "$py_pid"

# Expect: 100-continue above 1 MiB: the body after the 100, or after 1 s
# of silence; a final status first and the body is not sent
start_py expect
p=http://127.0.0.1:$pport
head -c $((2 * 1024 * 1024)) /dev/urandom >"$scratch/big.bin"
get -X PUT --data-binary "@$scratch/big.bin" "$p/headers"
rc_is 0 "a 2 MiB PUT"
want "$out" "Expect: [100-continue]" "above 1 MiB: Expect: 100-continue"
get -X PUT --data-binary "@$scratch/big.bin" -o "$scratch/echo.out" "$p/echo"
check_eq "$(stat -c %s "$scratch/echo.out")" $((2 * 1024 * 1024 + 12)) \
	"after the 100: the whole body"
get -X PUT --data-binary "@$scratch/big.bin" -H 'Expect:' "$p/headers"
if grep -qi "^expect" <<<"$out"; then bad "-H 'Expect:' still sent Expect"; fi
get -d small -H 'Expect: 100-continue' "$p/headers"
want "$out" "Expect: [100-continue]" "-H 'Expect: 100-continue' on a small body"
get -X PUT --data-binary "@$scratch/big.bin" -w '%{http_code}' "$p/final-first"
rc_is 0 "a final status before the body"
check_eq "$out" 413 "the final status is the answer"
wait_until 50 grep -q '^body-bytes' "$scratch/expect.log" || true
check_eq "$(awk '/^body-bytes/ {print $2}' "$scratch/expect.log")" 0 \
	"a final status before the body: no body byte sent"
get -X PUT --data-binary "@$scratch/big.bin" -o "$scratch/echo.out" "$p/no-continue"
rc_is 0 "no 100 from the server"
check_eq "$(stat -c %s "$scratch/echo.out")" $((2 * 1024 * 1024 + 19)) \
	"no 100: the body sent after the wait"
stop "$py_pid"

# chunked uploads: -d @- from a pipe, --trailer, -H Transfer-Encoding
start_py te
p=http://127.0.0.1:$pport
head -c 100000 /dev/urandom >"$scratch/te.bin"
te_sum="100000 $(sha256sum <"$scratch/te.bin" | cut -d' ' -f1)"
rc=0
cat "$scratch/te.bin" | timeout 60 "$WARD_BIN" get --data-binary @- "$p/te-echo" \
	>"$scratch/get.out" 2>"$scratch/get.err" || rc=$?
out=$(cat "$scratch/get.out"); err=$(cat "$scratch/get.err")
rc_is 0 "--data-binary @- from a pipe"
want "$out" "$te_sum" "from a pipe: sent chunked, the body intact"
want "$out" "chunks 8 max 16384" "from a pipe: 16 KiB chunks and the last one"
get --data-binary "@$scratch/te.bin" --trailer "X-Sum: 42" \
	--trailer "X-Note: done" "$p/te-echo"
rc_is 0 "--trailer"
want "$out" "$te_sum" "--trailer: the body intact"
want "$out" $'Trailer: [X-Sum, X-Note]\nX-Sum: 42\nX-Note: done' \
	"--trailer: named in Trailer, sent after the last chunk"
get -d abc -H "Transfer-Encoding: chunked" "$p/te-echo"
want "$out" "3 $(printf abc | sha256sum | cut -d' ' -f1)" \
	"-H 'Transfer-Encoding: chunked' sends the body chunked"
get --data-binary "@$scratch/te.bin" "$p/te-echo"
check_eq "$out" "not chunked" "a file body goes with its length"
get --trailer "X: 1" "$p/te-echo"
rc_is 2 "--trailer without a body"
get --trailer "X 1" -d a "$p/te-echo"
rc_is 2 "--trailer without a colon"
stop "$py_pid"

serve_finish test_get
