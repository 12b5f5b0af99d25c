#!/usr/bin/env bash
# `ward get --pipeline` and `-d @-` streamed from a pipe, against
# tests/interop/get_server.py. Pipelining: N requests on ONE connection
# (the server counts connections), each sent before the previous answer
# (the server sees the next request waiting while it answers), answers
# in order; the fall-backs (a method that is not idempotent, several
# origins, a server that closes mid-pipeline). Streaming: the server has
# the first chunk while stdin is still open (the writer waits for the
# server's word before it writes the rest, so a body read whole first
# cannot pass), a regular file keeps Content-Length, a redirect that
# needs the body again is exit 65, --max-time bounds a silent pipe.
set -euo pipefail
. "$(dirname "$0")/serve_lib.sh"
. "$(dirname "$0")/get_lib.sh"
need python3 timeout

start_py pl --conns "$scratch/pl.conns"
p=http://127.0.0.1:$pport
reset() { : >"$scratch/pl.log"; : >"$scratch/pl.conns"; }
nconns() { grep -c . "$scratch/pl.conns" || true; }

# --- pipelined: three requests written before the first answer ---
reset
get --pipeline "$p/pipe/1?next" "$p/pipe/2?next" "$p/pipe/3"
rc_is 0 "--pipeline"
check_eq "$out" $'1 next-waiting yes\n2 next-waiting yes\n3' \
	"--pipeline: answers in order, each next request already sent"
check_eq "$(nconns)" 1 "--pipeline: one connection"
check_eq "$(grep -c ' GET /pipe/' "$scratch/pl.log")" 3 "--pipeline: three requests"
check_eq "$(awk '{print $1}' "$scratch/pl.log" | sort -u | wc -l)" 1 \
	"--pipeline: all three on the same client port"

# the same without --pipeline: kept alive, but each request waits for the
# previous answer (what the check above tells apart)
reset
get "$p/pipe/1?next" "$p/pipe/2"
check_eq "$out" $'1 next-waiting no\n2' "without --pipeline: one at a time"
check_eq "$(nconns)" 1 "without --pipeline: one connection too"

# bodies to files, --fail and HEAD, pipelined
reset
get --pipeline --fail -o "$scratch/a" -o "$scratch/b" "$p/hello" "$p/status/404" "$p/chunked"
rc_is 22 "--pipeline --fail: a 404 among them"
check_eq "$(cat "$scratch/a")" "hello" "--pipeline -o: the first body"
check_eq "$out" "abcdefg" "--pipeline: the third body on stdout"
check_eq "$(nconns)" 1 "--pipeline --fail: one connection"
reset
get --pipeline -I "$p/hello" "$p/hello"
rc_is 0 "--pipeline -I"
check_eq "$(grep -c 'HTTP/1.1 200' <<<"$out")" 2 "--pipeline -I: two heads"
check_eq "$(nconns)" 1 "--pipeline -I: one connection"

# chunked bodies with trailers, pipelined: the same as one at a time
get -X PUT --trailer 'X-T: 1' -d abc "$p/te-echo"
one=$out
reset
get --pipeline -X PUT --trailer 'X-T: 1' -d abc "$p/te-echo" "$p/te-echo"
rc_is 0 "--pipeline PUT --trailer"
check_eq "$out" "$one"$'\n'"$one" "--pipeline PUT --trailer: both decoded as sent alone"
want "$one" "X-T: 1" "PUT --trailer: the trailer"
check_eq "$(nconns)" 1 "--pipeline PUT: one connection"

# a server that closes after its first answer: the rest go again
reset
get --pipeline "$p/idle-close" "$p/hello" "$p/hello"
rc_is 0 "--pipeline, closed after one answer"
check_eq "$out" $'bye\nhello\nhello' "--pipeline, closed: every answer, in order"
check_eq "$(nconns)" 2 "--pipeline, closed: one more connection for the rest"

# fall-backs, said on stderr
reset
get --pipeline -d x=1 "$p/echo" "$p/echo"
rc_is 0 "--pipeline POST"
want "$err" "--pipeline: the method is not idempotent; the requests go one at a time" \
	"--pipeline POST: the note"
check_eq "$out" $'POST /echo\n-\nx=1POST /echo\n-\nx=1' "--pipeline POST: both answered"
get --pipeline "$p/hello" "http://localhost:$pport/hello"
want "$err" "not all of one origin" "--pipeline, two origins: the note"
check_eq "$out" $'hello\nhello' "--pipeline, two origins: both answered"
get -s --pipeline -d x=1 "$p/echo" "$p/echo"
has "$err" "note" && bad "-s: the --pipeline note was written: $err"

# ward serve over TLS: three pipelined requests, one handshake (one secret
# in the key log per handshake), three answers in order
site=$scratch/site
mkdir -p "$site"
echo a >"$site/a.txt"
echo b >"$site/b.txt"
start_serve main --root "$site" --access-log "$scratch/access.log"
tls=(--cacert "$ca/ca.pem" --resolve "localhost:$port:127.0.0.1")
SSLKEYLOGFILE=$scratch/keys.log get "${tls[@]}" --pipeline \
	"https://localhost:$port/a.txt" "https://localhost:$port/b.txt" \
	"https://localhost:$port/a.txt"
rc_is 0 "--pipeline, ward serve over TLS"
check_eq "$out" $'a\nb\na' "--pipeline, ward serve: answers in order"
check_eq "$(grep -c '^CLIENT_HANDSHAKE_TRAFFIC_SECRET ' "$scratch/keys.log")" 1 \
	"--pipeline, ward serve: one handshake"
wait_until 50 test "$(grep -c 'GET /' "$scratch/access.log")" -eq 3 ||
	bad "--pipeline, ward serve: three requests logged: $(cat "$scratch/access.log")"

# --- -d @- from a pipe: sent as it arrives ---
# writer: "part1", then waits (10 s at most) for the server to log the
# first chunk, then "part2"; "seen" says the server had it first
writer() {
	printf 'part1'
	for _ in $(seq 100); do
		grep -q '^first-chunk' "$scratch/pl.log" && break
		sleep 0.1
	done
	grep -q '^first-chunk' "$scratch/pl.log" && : >"$scratch/seen"
	printf 'part2'
}
reset
rm -f "$scratch/seen"
rc=0
writer | timeout 60 "$WARD_BIN" get --data-binary @- "$p/stream" \
	>"$scratch/s.out" 2>"$scratch/s.err" || rc=$?
out=$(cat "$scratch/s.out")
err=$(cat "$scratch/s.err")
rc_is 0 "--data-binary @- from a pipe"
[ -f "$scratch/seen" ] || bad "the server did not have the first chunk before stdin ended"
check_eq "$out" "chunks 2 bytes 10 first part1" "streamed: two chunks, the first as written"
check_eq "$(grep -c '^first-chunk 5$' "$scratch/pl.log")" 1 "streamed: the server logged the first chunk"

# -d drops CR and LF as it streams
rc=0
printf 'a\r\nb\n' | timeout 60 "$WARD_BIN" get -d @- "$p/stream" >"$scratch/s.out" 2>&1 || rc=$?
rc_is 0 "-d @- from a pipe"
want "$(cat "$scratch/s.out")" "bytes 2 first ab" "-d @- streamed without CR and LF"

# a regular file on stdin has a length: Content-Length, not chunked
printf 'twelve bytes' >"$scratch/body"
stdin=$scratch/body get --data-binary @- "$p/headers"
want "$out" "Content-Length: [12]" "@- from a file: Content-Length"
has "$out" "Transfer-Encoding" && bad "@- from a file: sent chunked"

# a pipe and two URLs: read first, sent to both
rc=0
printf 'xy' | timeout 60 "$WARD_BIN" get --data-binary @- "$p/echo" "$p/echo" >"$scratch/s.out" 2>&1 || rc=$?
rc_is 0 "@- from a pipe, two URLs"
check_eq "$(cat "$scratch/s.out")" $'POST /echo\n-\nxyPOST /echo\n-\nxy' "@- from a pipe, two URLs: both bodies"

# 307 keeps the body, which a pipe cannot give twice: exit 65
rc=0
printf 'abc' | timeout 60 "$WARD_BIN" get -L --data-binary @- "$p/temp" >"$scratch/s.out" 2>"$scratch/s.err" || rc=$?
err=$(cat "$scratch/s.err")
rc_is 65 "307 after a streamed body"
want "$err" "cannot be sent again" "307 after a streamed body: the message"
# 303 drops it: fine
rc=0
printf 'abc' | timeout 60 "$WARD_BIN" get -L --data-binary @- "$p/see-other" >"$scratch/s.out" 2>"$scratch/s.err" || rc=$?
rc_is 0 "303 after a streamed body"
check_eq "$(cat "$scratch/s.out")" $'GET /echo\n-' "303 after a streamed body: GET"

# --max-time while stdin says nothing
rc=0
start=$(date +%s)
timeout 60 "$WARD_BIN" get -m 1 --data-binary @- "$p/stream" \
	>"$scratch/s.out" 2>"$scratch/s.err" < <(sleep 8) || rc=$?
rc_is 28 "-m 1 with a silent pipe"
[ $(($(date +%s) - start)) -le 6 ] || bad "-m 1 with a silent pipe: took too long"

stop "$py_pid"
serve_finish test_get_pipeline
