"""What a Chromium net log (--log-net-log=FILE) says about the connections
to one port: python3 netlog.py FILE PORT prints

    handshakes: N ok, versions: TLS 1.3
    certificates: N verified, errors: none
    requests: N, errors: none

where each "errors:" names the net errors instead when there were any
(e.g. ERR_CERT_AUTHORITY_INVALID). Events of other hosts (Chromium's own
background requests, which fail without a network) are left out, except
that a certificate error anywhere is reported.
"""
import json
import sys


def main(path, port):
    log = json.load(open(path))
    consts = log["constants"]
    types = {v: k for k, v in consts["logEventTypes"].items()}
    phases = {v: k for k, v in consts["logEventPhase"].items()}
    net_errors = {v: k for k, v in consts["netError"].items()}

    def err_name(code):
        return net_errors.get(code, "net error %d" % code)

    events = [(types[e["type"]], phases[e["phase"]], e["source"]["id"],
               e.get("params", {})) for e in log["events"]]
    suffix = ":%s" % port
    # the sockets connected to the port, and the requests for its URLs
    sockets = {src for t, ph, src, p in events
               if t == "TCP_CONNECT" and ph == "PHASE_END"
               and p.get("remote_address", "").endswith(suffix)}
    prefix = "https://localhost%s/" % suffix
    requests = {src for t, ph, src, p in events
                if t == "URL_REQUEST_START_JOB" and ph == "PHASE_BEGIN"
                and p.get("url", "").startswith(prefix)}
    verifiers = {src for t, ph, src, p in events
                 if t == "CERT_VERIFIER_JOB" and ph == "PHASE_BEGIN"
                 and p.get("host") == "localhost"}

    versions, hs_errors, hs_ok = set(), [], 0
    cert_ok, cert_errors = 0, []
    req_errors = []
    for t, ph, src, p in events:
        if ph != "PHASE_END":
            continue
        err = p.get("net_error")
        if t == "SSL_CONNECT" and src in sockets:
            if err:
                hs_errors.append(err_name(err))
            else:
                hs_ok += 1
                versions.add(p.get("version"))
        elif t == "CERT_VERIFIER_JOB" and src in verifiers:
            if err or p.get("cert_status", 0) != 0:
                cert_errors.append(err_name(err) if err else
                                   "cert_status=%s" % p.get("cert_status"))
            else:
                cert_ok += 1
        elif t == "URL_REQUEST_START_JOB" and src in requests and err:
            req_errors.append(err_name(err))
    # a certificate error of any source (-200..-299), once each
    for t, ph, src, p in events:
        err = p.get("net_error") if isinstance(p, dict) else None
        if isinstance(err, int) and -299 <= err <= -200:
            name = err_name(err)
            if name not in cert_errors:
                cert_errors.append(name)

    def errs(lst):
        return ", ".join(sorted(set(lst))) if lst else "none"

    print("handshakes: %d ok, versions: %s%s" % (
        hs_ok, ", ".join(sorted(v for v in versions if v)) or "none",
        ", errors: " + errs(hs_errors) if hs_errors else ""))
    print("certificates: %d verified, errors: %s" % (cert_ok,
                                                    errs(cert_errors)))
    print("requests: %d, errors: %s" % (len(requests), errs(req_errors)))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
