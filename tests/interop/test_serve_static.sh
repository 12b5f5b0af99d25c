#!/usr/bin/env bash
# `ward serve --root`: static files with their type, length and validators;
# conditional requests (RFC 9110 13); ranges, multipart included (14);
# directories (index.html, the redirect to the '/' URL, listings only with
# --autoindex); paths that try to leave the root; a large file byte for
# byte, without the worker's memory growing by its size.
set -euo pipefail
. "$(dirname "$0")/serve_lib.sh"

site=$scratch/site
mkdir -p "$site/dir/sub" "$site/empty" "$site/list/inner" "$scratch/outside"
echo "<h1>home</h1>" >"$site/index.html"
echo "sub index" >"$site/dir/index.html"
printf 'body{}' >"$site/style.css"
printf 'let x;' >"$site/app.js"
printf '{"a":1}' >"$site/data.json"
printf 'plain' >"$site/notes.txt"
printf '\x89PNG' >"$site/pic.png"
printf 'raw' >"$site/blob.xyz"
printf 'no extension' >"$site/README"
python3 -c 'import sys; sys.stdout.write("".join(chr(48 + i % 75) for i in range(1000)))' \
	>"$site/digits.txt"
echo "secret" >"$scratch/outside/secret.txt"
ln -s "$scratch/outside/secret.txt" "$site/escape.txt"
ln -s "$scratch/outside" "$site/escape-dir"
ln -s notes.txt "$site/inside-link.txt"
echo a >"$site/list/a.txt"
echo b >"$site/list/b&<c>.txt"
echo hidden >"$site/list/.hidden"
head -c $((20 * 1024 * 1024)) /dev/urandom >"$site/large.bin"
# a fixed modification time, to compare Last-Modified with
touch -d '2024-02-29 12:34:56 UTC' "$site/notes.txt"

start_serve static --root "$site"

# --- types, lengths, validators ---
# field NAME HEADERS: the value of a header field (case-insensitive name)
field() { tr -d '\r' <<<"$2" | awk -v n="$1" 'index(tolower($0), tolower(n) ": ") == 1 {sub(/^[^:]*: /, ""); print; exit}'; }
for pair in index.html:"text/html; charset=utf-8" style.css:"text/css; charset=utf-8" \
	app.js:"text/javascript; charset=utf-8" data.json:application/json \
	notes.txt:"text/plain; charset=utf-8" pic.png:image/png \
	blob.xyz:application/octet-stream README:application/octet-stream; do
	f=${pair%%:*} type=${pair#*:}
	hdr=$(hcurl "/$f" -D - -o "$scratch/got") || true
	check_eq "$(field Content-Type "$hdr")" "$type" "Content-Type of $f"
	check_eq "$(field Content-Length "$hdr")" "$(stat -c %s "$site/$f")" "Content-Length of $f"
	cmp -s "$scratch/got" "$site/$f" || bad "content of $f"
done
hdr=$(hcurl /notes.txt -D - -o /dev/null)
check_eq "$(field Last-Modified "$hdr")" "Thu, 29 Feb 2024 12:34:56 GMT" "Last-Modified"
etag=$(field ETag "$hdr")
[[ "$etag" =~ ^\"[0-9a-f]+-[0-9a-f]+-[0-9a-f]+\"$ ]] || bad "ETag form: $etag"
check_eq "$(field Accept-Ranges "$hdr")" bytes "Accept-Ranges"
# the same file, the same tag
check_eq "$(field ETag "$(hcurl /notes.txt -I)")" "$etag" "ETag is stable"

# --- conditional requests ---
check_eq "$(code /notes.txt -H "If-None-Match: $etag")" 304 "If-None-Match: our tag"
check_eq "$(code /notes.txt -H "If-None-Match: W/$etag")" 304 "If-None-Match: weak tag (weak comparison)"
check_eq "$(code /notes.txt -H "If-None-Match: \"other\", $etag")" 304 "If-None-Match: a list"
check_eq "$(code /notes.txt -H 'If-None-Match: *')" 304 "If-None-Match: *"
check_eq "$(code /notes.txt -H 'If-None-Match: "other"')" 200 "If-None-Match: another tag"
rm -f "$scratch/got"
hdr=$(hcurl /notes.txt -D - -o "$scratch/got" -H "If-None-Match: $etag")
[ ! -s "$scratch/got" ] || bad "304 with a body"
check_eq "$(field ETag "$hdr")" "$etag" "304 carries the ETag"
check_eq "$(code /notes.txt -H 'If-Modified-Since: Thu, 29 Feb 2024 12:34:56 GMT')" 304 \
	"If-Modified-Since: Last-Modified"
check_eq "$(code /notes.txt -H 'If-Modified-Since: Wed, 01 Jan 2025 00:00:00 GMT')" 304 \
	"If-Modified-Since: later"
check_eq "$(code /notes.txt -H 'If-Modified-Since: Thu, 29 Feb 2024 12:34:55 GMT')" 200 \
	"If-Modified-Since: a second earlier"
check_eq "$(code /notes.txt -H 'If-Modified-Since: not a date')" 200 "If-Modified-Since: invalid, ignored"
# If-None-Match wins over If-Modified-Since (RFC 9110 13.2.2)
check_eq "$(code /notes.txt -H 'If-None-Match: "other"' -H 'If-Modified-Since: Wed, 01 Jan 2025 00:00:00 GMT')" \
	200 "If-None-Match before If-Modified-Since"
check_eq "$(code /notes.txt -H 'If-Match: "other"')" 412 "If-Match: another tag"
check_eq "$(code /notes.txt -H "If-Match: W/$etag")" 412 "If-Match: weak tag (strong comparison)"
check_eq "$(code /notes.txt -H "If-Match: $etag")" 200 "If-Match: our tag"
check_eq "$(code /notes.txt -H 'If-Match: *')" 200 "If-Match: *"
check_eq "$(code /notes.txt -H 'If-Unmodified-Since: Mon, 01 Jan 2024 00:00:00 GMT')" 412 \
	"If-Unmodified-Since: in the past"
check_eq "$(code /notes.txt -H 'If-Unmodified-Since: Thu, 29 Feb 2024 12:34:56 GMT')" 200 \
	"If-Unmodified-Since: Last-Modified"

# --- ranges ---
N=$(stat -c %s "$site/digits.txt")
slice() { python3 -c "import sys; d=open(sys.argv[1],'rb').read(); sys.stdout.buffer.write(d[int(sys.argv[2]):int(sys.argv[3])])" "$site/digits.txt" "$1" "$2"; }
# range SPEC FIRST LAST: a 206 of one part
range() {
	local hdr
	hdr=$(hcurl /digits.txt -D - -o "$scratch/part" -H "Range: $1") || true
	want "$hdr" "HTTP/1.1 206" "Range $1"
	check_eq "$(field Content-Range "$hdr")" "bytes $2-$3/$N" "Range $1: Content-Range"
	check_eq "$(field Content-Length "$hdr")" "$(($3 - $2 + 1))" "Range $1: Content-Length"
	check_eq "$(field Content-Type "$hdr")" "text/plain; charset=utf-8" "Range $1: Content-Type"
	slice "$2" "$(($3 + 1))" >"$scratch/want"
	cmp -s "$scratch/part" "$scratch/want" || bad "Range $1: bytes"
}
range "bytes=10-19" 10 19
range "bytes=0-0" 0 0
range "bytes=-7" $((N - 7)) $((N - 1))
range "bytes=990-" 990 $((N - 1))
range "bytes=995-5000" 995 $((N - 1))
range "bytes=5-9,10-14" 5 14 # adjacent ranges coalesce
hdr=$(hcurl /digits.txt -D - -o /dev/null -H "Range: bytes=$N-") || true
want "$hdr" "HTTP/1.1 416" "unsatisfiable range"
check_eq "$(field Content-Range "$hdr")" "bytes */$N" "416 Content-Range"
check_eq "$(code /digits.txt -H 'Range: bytes=5-2')" 200 "an invalid range is ignored"
check_eq "$(code /digits.txt -H 'Range: items=0-5')" 200 "an unknown range unit is ignored"
dtag=$(field ETag "$(hcurl /digits.txt -I)")
check_eq "$(code /digits.txt -H 'Range: bytes=0-5' -H "If-Range: $dtag")" 206 "If-Range: the current tag"
check_eq "$(code /digits.txt -H 'Range: bytes=0-5' -H "If-Range: $etag")" 200 "If-Range: another file's tag"
check_eq "$(code /digits.txt -H 'Range: bytes=0-5' -H "If-Range: W/$dtag")" 200 "If-Range: a weak tag"
check_eq "$(code /digits.txt -H 'Range: bytes=0-5' -H 'If-Range: "old"')" 200 "If-Range: changed"
# several ranges: multipart/byteranges, each part checked
py N="$N" <<'EOF' || bad "multipart ranges"
import os, re
from serve_client import *
data = open(os.path.join(os.environ["SCRATCH"], "site/digits.txt"), "rb").read()
n = len(data)
r = request("GET", "/digits.txt", headers=[("Range", "bytes=0-4,100-109,-3")])
eq(r.status, 206, "multipart status")
ctype = r.header("Content-Type") or ""
m = re.fullmatch(r"multipart/byteranges; boundary=(\S+)", ctype)
if check(m is not None, f"multipart Content-Type {ctype!r}"):
    b = m.group(1).encode()
    eq(int(r.header("Content-Length")), len(r.body), "multipart Content-Length")
    body = r.body
    check(body.startswith(b"--" + b + b"\r\n"), "multipart starts with the boundary")
    check(body.endswith(b"\r\n--" + b + b"--\r\n"), "multipart ends with the close delimiter")
    parts = body[len(b) + 4:-(len(b) + 8)].split(b"\r\n--" + b + b"\r\n")
    want = [(0, 4), (100, 109), (n - 3, n - 1)]
    eq(len(parts), len(want), "number of parts")
    for part, (a, z) in zip(parts, want):
        head, _, content = part.partition(b"\r\n\r\n")
        fields = dict(l.split(": ", 1) for l in head.decode().split("\r\n"))
        eq(fields.get("Content-Range"), f"bytes {a}-{z}/{n}", "part Content-Range")
        eq(fields.get("Content-Type"), "text/plain; charset=utf-8", "part Content-Type")
        eq(content, data[a:z + 1], f"part {a}-{z} bytes")
# HEAD with a Range: the same header fields as the GET
h = request("HEAD", "/digits.txt", headers=[("Range", "bytes=0-4,100-109,-3")])
eq(h.status, 206, "HEAD multipart status")
eq(h.header("Content-Length"), r.header("Content-Length"), "HEAD multipart length")
done()
EOF

# --- directories ---
check_eq "$(hcurl /)" "<h1>home</h1>" "GET / serves index.html"
check_eq "$(hcurl /dir/)" "sub index" "GET /dir/ serves its index.html"
hdr=$(hcurl /dir -D - -o /dev/null)
want "$hdr" "HTTP/1.1 301" "GET /dir"
check_eq "$(field Location "$hdr")" "/dir/" "GET /dir: Location"
hdr=$(hcurl '/dir/sub?a=1&b=2' -D - -o /dev/null)
check_eq "$(field Location "$hdr")" "/dir/sub/?a=1&b=2" "directory redirect keeps the query"
check_eq "$(hcurl /dir -L)" "sub index" "following the directory redirect"
check_eq "$(code /empty/)" 403 "a directory without index.html, no --autoindex"
check_eq "$(code /list/)" 403 "no listing without --autoindex"
check_eq "$(code /dir/sub/)" 403 "a subdirectory without index.html"

# --- paths that leave the root, or try to (codes from server/path.c and
# static.c: 400 for what the path itself refuses, 404 for a symlink that
# leads out of the root) ---
py <<'EOF' || bad "traversal"
from serve_client import *
cases = [
    ("/../index.html", 400), ("/dir/../../index.html", 400),
    ("/%2e%2e/index.html", 400), ("/%2E%2E/%2e%2e/etc/passwd", 400),
    ("/dir/..%2f..%2fetc/passwd", 400), ("/dir%2findex.html", 400),
    ("/index.html%00.txt", 400), ("/a%5c..%5cindex.html", 400),
    ("/a\\b", 400), ("/%zz", 400), ("/%2", 400),
    ("/escape.txt", 404), ("/escape-dir/secret.txt", 404), ("/escape-dir/", 404),
    # inside the root, dot segments and empty segments are fine
    ("/dir/../index.html", 200), ("/./dir//index.html", 200),
    ("/inside-link.txt", 200), ("/%64ir/index.html", 200),
]
c = Conn()
for path, status in cases:
    c.send(f"GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode())
    r = c.response()
    eq(r.status, status, f"GET {path}")
    check(b"secret" not in r.body, f"GET {path} leaked the outside file")
    if r.header("Connection") == "close":
        c.close()
        c = Conn()
done()
EOF

# --- a large file, byte for byte; the worker does not hold it in memory ---
worker=$(pgrep -P "$master" | head -n 1)
rss() { awk '/^VmRSS:/ {print $2}' "/proc/$worker/status"; }
before=$(rss)
hcurl /large.bin -o "$scratch/large.got" || bad "GET of a 20 MiB file failed"
after=$(rss)
check_eq "$(sha256sum <"$scratch/large.got")" "$(sha256sum <"$site/large.bin")" "20 MiB file: sha256"
grew=$(((after - before) / 1024))
# (not under ASan: its quarantine keeps freed buffers resident)
if ! grep -qa __asan_init "$WARD_BIN"; then
	[ "$grew" -lt 16 ] || bad "the worker's RSS grew by $grew MiB serving a 20 MiB file"
fi
# and a range of it, from the middle
hcurl /large.bin -o "$scratch/mid.got" -H 'Range: bytes=10000000-10999999' || true
dd if="$site/large.bin" bs=1000000 skip=10 count=1 status=none >"$scratch/mid.want"
cmp -s "$scratch/mid.want" "$scratch/mid.got" ||
	bad "1 MB range from the middle of the large file"
stop_serve "$master"

# --- --autoindex: listings, dotfiles hidden, names escaped ---
start_serve autoindex --root "$site" --autoindex
out=$(hcurl /list/) || true
want "$out" '<a href="./inner/">inner/</a>' "listing: a directory first"
want "$out" '<a href="./a.txt">a.txt</a>' "listing: a file"
want "$out" '<a href="./b%26%3Cc%3E.txt">b&amp;&lt;c&gt;.txt</a>' "listing: an escaped name"
want "$out" '<a href="../">../</a>' "listing: the parent"
has "$out" ".hidden" && bad "listing shows a dotfile"
hdr=$(hcurl /list/ -D - -o /dev/null)
check_eq "$(field Content-Type "$hdr")" "text/html; charset=utf-8" "listing Content-Type"
check_eq "$(hcurl /dir/)" "sub index" "index.html still wins with --autoindex"
check_eq "$(code /escape-dir/)" 404 "no listing of a directory outside the root"
# listings go out chunked (as nginx's do); trailers only after TE: trailers,
# and an HTTP/1.0 client gets a Content-Length
py <<'EOF' || bad "chunked listing and its trailer"
from serve_client import *
c = Conn()
r = c.request("GET", "/list/", [("TE", "trailers")])
check(r.status == 200, "listing status")
check(r.header("Transfer-Encoding") == "chunked", "listing is chunked")
check(r.header("Trailer") == "Server-Timing", "Trailer announced")
check(any(n == "Server-Timing" and v.startswith("autoindex;dur=")
          for n, v in r.trailers), f"Server-Timing trailer: {r.trailers}")
check(b'<a href="./a.txt">a.txt</a>' in r.body, "chunked listing body")
r = c.request("GET", "/list/")
check(r.header("Trailer") is None and not r.trailers, "no trailers unasked")
c = Conn()
c.send(b"GET /list/ HTTP/1.0\r\n\r\n")
r = c.response()
check(r.header("Transfer-Encoding") is None and r.header("Content-Length"),
      "HTTP/1.0: Content-Length, not chunked")
done()
EOF
stop_serve "$master"

serve_finish "ward serve: static files, validators, conditionals, ranges, directories, traversal"
