#!/usr/bin/env python3
"""Turns the raw results of scripts/run-bench-access into access.md and access.json.

    python3 bench/report_access.py WORK_DIR RESULTS_DIR [NAME]   (NAME.md / NAME.json, default access)

Throughput per user and endpoint is the median of the interleaved runs; the bar compares the
restricted user (force.analyst) with the admin on the same server, data and run.
"""
import json
import os
import statistics
import sys

FIREWALL_BAR = 0.85  # restricted user's throughput >= 85% of the admin's (at most 15% slower)
ENDPOINTS = [("list", "GET /api/v1/activities?limit=50 (repeated)"),
             ("list_varied", "GET /api/v1/activities?limit=50, filters varied per request"),
             ("summary_varied", "GET /api/v1/activities/summary, by and filters varied")]
USERS = ["admin", "force.analyst", "hc"]


def read_jsonl(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def main(work, results, name="access"):
    http = read_jsonl(os.path.join(work, "http.jsonl"))
    views = {v["user"]: v for v in read_jsonl(os.path.join(work, "views.jsonl"))}
    machine = json.load(open(os.path.join(work, "machine.json")))
    logins = sorted(float(x) * 1000 for x in open(os.path.join(work, "login.txt")) if x.strip())
    table = {}
    for endpoint, _ in ENDPOINTS:
        for user in USERS:
            mine = [r for r in http if r["endpoint"] == endpoint and r["user"] == user]
            rps = [r["requests"] / r["duration_us"] * 1e6 for r in mine]
            table[(endpoint, user)] = {
                "rps_median": statistics.median(rps), "rps_runs": rps,
                "p99_ms_median": statistics.median(r["latency_p99_us"] / 1000 for r in mine),
                "errors": sum(r["errors_status"] + r["errors_timeout"] for r in mine)}
    lines = [
        "# Access benchmark: the cost of the humanitarian firewall",
        "",
        f"Commit `{machine['commit']}`, {machine['date']}, {machine['nproc']} cores "
        f"({machine['cpu_model']}), server {machine['server_threads']} threads, wrk "
        f"{machine['connections']} connections, {machine['seconds']} s per run, "
        f"{machine['runs']} interleaved runs (medians shown). Written by "
        "`scripts/run-bench-access` (`make bench`).",
        "",
        f"Data: the demo mission (3,610 humanitarian activities of OCHA, behind the firewall) plus "
        f"{machine['mission_rows']:,} generated Afghan 3W rows of the Mission Planning Unit (no "
        f"compartment) and {machine['partner_rows']:,} of UNICEF (humanitarian). What each user "
        "sees (the force counts humanitarian activities in Afghanistan through the HC's aggregate "
        "release, so it counts more rows than the admin when partner rows are present):",
        "",
        "| user | organization, roles | rows readable | counted in summaries | of which counts only |",
        "|---|---|---:|---:|---:|",
    ]
    roles = {"admin": "Mission Planning Unit, admin",
             "force.analyst": "Mission Force, force + analyst (HC aggregate release)",
             "hc": "OCHA Afghanistan, hc (humanitarian + protection)"}
    for user in USERS:
        v = views[user]
        lines.append(f"| {user} | {roles[user]} | {v['rows']:,} | {v['counted']:,} | "
                     f"{v['aggregate_only']:,} |")
    lines += ["", "| endpoint | admin req/s | force.analyst req/s | ratio | bar | hc req/s "
              "(audited reads) | p99 ms admin / force / hc |",
              "|---|---:|---:|---:|---|---:|---|"]
    verdicts = {}
    for endpoint, title in ENDPOINTS:
        a, f, h = (table[(endpoint, u)] for u in USERS)
        ratio = f["rps_median"] / a["rps_median"]
        ok = ratio >= FIREWALL_BAR
        verdicts[endpoint] = {"ratio": ratio, "pass": ok}
        lines.append(
            f"| {title} | {a['rps_median']:,.0f} | {f['rps_median']:,.0f} | {ratio:.2f} | "
            f">= {FIREWALL_BAR:.2f}: {'PASS' if ok else 'FAIL'} | {h['rps_median']:,.0f} | "
            f"{a['p99_ms_median']:.2f} / {f['p99_ms_median']:.2f} / {h['p99_ms_median']:.2f} |")
    errors = sum(v["errors"] for v in table.values())
    median_login = statistics.median(logins)
    p95_login = logins[int(0.95 * (len(logins) - 1))]
    lines += [
        "",
        f"Non-2xx responses and wrk timeouts (over 2 s) during the runs: {errors}.",
        "",
        "## Sign-in",
        "",
        "Passwords are argon2id (libsodium `crypto_pwhash_str_alg`, ARGON2ID13) with t = 2 "
        "passes over m = 64 MiB, p = 1: above OWASP's minimum (m = 19 MiB, t = 2, p = 1).",
        "",
        f"| sequential sign-ins | median | p95 |",
        f"|---|---:|---:|",
        f"| {len(logins)} x POST /api/v1/session (curl, loopback) | {median_login:.0f} ms | "
        f"{p95_login:.0f} ms |",
        "",
        f"After the runs: `{machine['audit_verify']}`.",
        "",
    ]
    with open(os.path.join(results, name + ".md"), "w") as out:
        out.write("\n".join(lines))
    with open(os.path.join(results, name + ".json"), "w") as out:
        json.dump({"machine": machine, "views": views, "verdicts": verdicts,
                   "login_ms": logins,
                   "http": {f"{e}/{u}": v for (e, u), v in table.items()}}, out, indent=1)


if __name__ == "__main__":
    main(*sys.argv[1:4])
