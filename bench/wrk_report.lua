-- Printed by wrk at the end of a run: exact counts for bench/run.sh to parse
-- (wrk's own summary rounds bytes to two decimals of MB/GB).
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "WRKRESULT requests=%d bytes=%d duration_us=%d connect=%d read=%d write=%d status=%d timeout=%d\n",
    summary.requests, summary.bytes, summary.duration,
    e.connect, e.read, e.write, e.status, e.timeout))
end
