#!/usr/bin/env python3
"""Turns the raw results of scripts/run-bench into foundation.md and foundation.json.

    python3 bench/report.py WORK_DIR RESULTS_DIR

Reads WORK_DIR/{import,ceiling,ceiling_inner,http}.jsonl and {machine,memory}.result.json (the
ceiling's timed runs are in import.jsonl with the others'; ceiling.jsonl has its untimed
preparation, ceiling_inner.jsonl its own open-to-close clock); every figure in the
table is one of those measurements or a ratio of two of them. Import rates use the best of the
runs for every tool (noise on a shared machine only ever adds time); medians are in the JSON.
"""
import json
import os
import statistics
import sys

IMPORT_VS_PEER_BAR = 3.0      # OneMission rows/s >= 3x the Python peer
IMPORT_VS_CEILING_BAR = 0.8   # OneMission rows/s >= 80% of the bare-insert ceiling
LIST_VS_NGINX_BAR = 0.75      # list endpoint rps >= 75% of nginx
LIST_P99_BAR_MS = 5.0         # list endpoint p99 < 5 ms
SUMMARY_VS_NGINX_BAR = 0.5    # varied summary rps >= 50% of nginx


def read_jsonl(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def read_json(path):
    with open(path) as f:
        return json.load(f)


def verdict(ok):
    return "PASS" if ok else "FAIL"


def import_results(work):
    runs = read_jsonl(os.path.join(work, "import.jsonl"))
    prepared = {c["label"]: c for c in read_jsonl(os.path.join(work, "ceiling.jsonl"))}
    inner = read_jsonl(os.path.join(work, "ceiling_inner.jsonl"))
    out = []
    for label in dict.fromkeys(r["file"] for r in runs):
        entry = {"file": label}
        for tool in ("onemission", "python_peer", "ceiling"):
            mine = [r for r in runs if r["file"] == label and r["tool"] == tool]
            seconds = [r["seconds"] for r in mine]
            rows = mine[0]["rows"]
            entry[tool] = {"rows": rows, "seconds": seconds, "best_s": min(seconds),
                           "median_s": statistics.median(seconds),
                           "rows_per_s": rows / min(seconds),
                           "median_rows_per_s": rows / statistics.median(seconds)}
        c = entry["ceiling"]
        c["prepare_s"] = prepared[label]["load_s"]
        c["open_to_close_s"] = [i["open_to_close_s"] for i in inner if i["label"] == label]
        c["open_to_close_rows_per_s"] = c["rows"] / min(c["open_to_close_s"])
        om = entry["onemission"]["rows_per_s"]
        entry["vs_peer"] = om / entry["python_peer"]["rows_per_s"]
        entry["vs_ceiling"] = om / c["rows_per_s"]
        entry["vs_ceiling_median"] = (entry["onemission"]["median_rows_per_s"] /
                                      c["median_rows_per_s"])
        entry["vs_peer_pass"] = entry["vs_peer"] >= IMPORT_VS_PEER_BAR
        entry["vs_ceiling_pass"] = entry["vs_ceiling"] >= IMPORT_VS_CEILING_BAR
        out.append(entry)
    return out


def http_results(work):
    """{layout: {label: figures}}: the median of the runs for requests/s, p50 and p99 (each
    on its own), errors summed, the ratio of the medians to that layout's nginx, the verdicts."""
    runs = {}
    for r in read_jsonl(os.path.join(work, "http.jsonl")):
        r["rps"] = r["requests"] / (r["duration_us"] / 1e6)
        r["p50_ms"] = r["latency_p50_us"] / 1000
        r["p99_ms"] = r["latency_p99_us"] / 1000
        r["errors"] = sum(r[k] for k in r if k.startswith("errors_"))
        runs.setdefault(r.get("layout", "shared"), {}).setdefault(r["label"], []).append(r)
    layouts = {}
    for layout, by_label_runs in runs.items():
        by_label = layouts[layout] = {}
        for label, rs in by_label_runs.items():
            first = rs[0]
            by_label[label] = {
                "rps": statistics.median(r["rps"] for r in rs),
                "p50_ms": statistics.median(r["p50_ms"] for r in rs),
                "p99_ms": statistics.median(r["p99_ms"] for r in rs),
                "errors": sum(r["errors"] for r in rs),
                "runs": len(rs),
                "each_rps": [round(r["rps"]) for r in rs],
                "each_p99_ms": [round(r["p99_ms"], 2) for r in rs],
                **{k: first[k] for k in ("server_threads", "wrk_threads", "server_cpus",
                                         "client_cpus") if k in first},
            }
    for by_label in layouts.values():
        nginx = by_label["nginx_static"]
        lst, summ = by_label["onemission_list"], by_label["onemission_summary"]
        lst["vs_nginx"] = lst["rps"] / nginx["rps"]
        summ["vs_nginx"] = summ["rps"] / nginx["rps"]
        lst["pass"] = (lst["vs_nginx"] >= LIST_VS_NGINX_BAR and lst["p99_ms"] < LIST_P99_BAR_MS
                       and lst["errors"] == 0)
        summ["pass"] = summ["vs_nginx"] >= SUMMARY_VS_NGINX_BAR and summ["errors"] == 0
    return layouts


def each(figures):
    return ", ".join(f"{p:.2f}" for p in figures["each_p99_ms"])


def layout_text(layout, nginx):
    if layout == "split":
        return (f"**split**: wrk on CPU {nginx['client_cpus']} ({nginx['wrk_threads']} threads), "
                f"the server (`--threads {nginx['server_threads']}`) or nginx (`worker_processes "
                f"{nginx['server_threads']}`) on CPU {nginx['server_cpus']}")
    return (f"**shared**: wrk ({nginx['wrk_threads']} threads) on the same cores as the server "
            f"(`--threads {nginx['server_threads']}`) or nginx (`worker_processes "
            f"{nginx['server_threads']}`)")


def markdown(machine, imports, http, memory):
    m = machine
    lines = [
        "# Foundation benchmark",
        "",
        f"Measured by scripts/run-bench (what `make bench` runs) on {m['date']}, "
        f"at commit `{m['commit']}`"
        + (f" with {m['uncommitted_src_files']} uncommitted file(s) under src/ in the working tree"
           if m["uncommitted_src_files"] else "") + ".",
        "",
        f"Machine: `nproc` = {m['nproc']}, CPU \"{m['cpu_model']}\", "
        f"{m['mem_total_kb'] / 1048576:.1f} GiB memory, Linux {m['kernel']}; shared and noisy, "
        "so every figure stands next to a peer measured in the same run. "
        f"SQLite {m['sqlite']}, Python {m['python']}, nginx {m['nginx']}, wrk {m['wrk']}. "
        f"Whole run: {m['total_seconds']} s.",
        "",
        "## (a) HXL import, rows/s end to end",
        "",
        f"Best of {m.get('fixture_runs', m['runs'])} runs for each real 3W fixture and of "
        f"{m['runs']} for the generated file, the three tools taking turns in every round (the "
        "median of each tool's runs is in foundation.json; the last column is the ratio of the two "
        "tools' medians, for how far the verdict on the best runs holds on a typical one). "
        "OneMission: `onemission --db X import hxl FILE --json`, "
        "process start to exit, each run on a fresh copy of a database holding only the schema "
        "and the p-codes of data/demo/global_pcodes_adm1_adm2.csv. Python peer: "
        "bench/peer_import.py (csv + sqlite3, one transaction, the same 44 columns, a UNIQUE "
        "64-bit hash of the who/what/where/when key, the same indexes and 16 KiB pages, WAL, "
        "foreign keys not enforced: sqlite3's default), fresh empty database, process start to "
        "exit. Ceiling: `bench/import_ceiling insert`, a process of its own timed the same "
        "way, start to exit, on a fresh copy of a database prepared as the import leaves it "
        "before its rows (p-codes, the file's organizations, an import batch): it maps the rows "
        "already parsed and converted (by `import_ceiling prepare`, untimed, with the import's "
        "own reader and converter, as flat typed values) and binds them to one prepared plain "
        "INSERT of the store's own column list per row, in one transaction with foreign keys "
        "off as in the import's bulk transaction (which checks each distinct reference once "
        "instead), then commits and closes. It first reserves the heap the import reserves for "
        "the same file (ImportHeapEstimate, populated in one call: a page faulted in costs some "
        "10 µs on this machine; until 2026-11-25 only the import did, which took about 1.2 ms, "
        "6%, off the ceiling's afg run and so flattered the ratio by as much). Both binaries "
        "are built by the same compiler and flags; OneMission alone is linked by lld with its "
        "import's functions laid out together (scripts/link-order.txt), the ceiling by GNU ld "
        "as before (lld would pull 2 MB more of the libraries into it). In brackets, the "
        "ceiling's own clock from open to close, without its process start and exit (what earlier runs of this table compared "
        "against). Each process is timed by bash's clock read just before it starts and just "
        "after it exits, its output going to a file (until 2026-11-24 the clock was read, and "
        "the output captured, in command substitutions: subshells that added 4 to 15 ms to "
        "every run, more to OneMission's than to the others').",
        "",
        "| file | rows | OneMission rows/s | Python peer rows/s | ceiling rows/s "
        f"| OneMission / peer (bar ≥ {IMPORT_VS_PEER_BAR:g}x) "
        f"| OneMission / ceiling (bar ≥ {IMPORT_VS_CEILING_BAR:.0%}) "
        "| the same, medians of the runs |",
        "|---|---:|---:|---:|---:|---|---|---:|",
    ]
    for e in imports:
        om, py, c = e["onemission"], e["python_peer"], e["ceiling"]
        lines.append(
            f"| {e['file']} | {om['rows']:,} | {om['rows_per_s']:,.0f} ({om['best_s']:.2f} s) "
            f"| {py['rows_per_s']:,.0f} ({py['best_s']:.2f} s) "
            f"| {c['rows_per_s']:,.0f} ({c['best_s']:.3f} s; open to close "
            f"{c['open_to_close_rows_per_s']:,.0f}) "
            f"| {e['vs_peer']:.2f}x {verdict(e['vs_peer_pass'])} "
            f"| {e['vs_ceiling']:.1%} {verdict(e['vs_ceiling_pass'])} "
            f"| {e['vs_ceiling_median']:.1%} |")
    lines += [
        "",
        "## (b) HTTP under wrk",
        "",
        f"wrk, {memory['connections']} connections, loopback, {memory['seconds']} s after a "
        f"{memory['warmup_seconds']} s warm-up, {memory.get('http_runs', 1)} runs of each "
        "target taking turns (the table gives the median of requests/s, of p50 and of p99, "
        "each on its own; every run is in foundation.json), against the server and against nginx (access_log "
        f"off, sendfile on) serving the exact {memory['body_bytes']:,}-byte body of "
        "`GET /api/v1/activities?limit=50` from the demo database as a static file. Two "
        "layouts, each with a server and an nginx of its own: "
        + "; ".join(layout_text(k, v["nginx_static"]) for k, v in http.items()) + ". "
        "In the shared layout wrk's threads wait for a core behind the server's, and that wait "
        "is in the latency wrk reports, nginx's as much as ours; the split one measures the "
        "server alone, as a client on another machine would. The summary run draws by= (9 "
        "combinations), sector (60% of requests), place (real adm1 p-codes or a country, 60%), "
        "q (40%) and from (50%) at random on every request (bench/wrk_summary.lua). Errors "
        "include wrk's 2 s timeouts.",
        "",
        "| layout | target | requests/s | p50 ms | p99 ms (each run) | non-2xx/socket errors "
        "| vs nginx | bar | result |",
        "|---|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for layout, runs in http.items():
        nginx, lst, summ = runs["nginx_static"], runs["onemission_list"], runs["onemission_summary"]
        lines += [
            f"| {layout} | nginx, static file (peer) | {nginx['rps']:,.0f} "
            f"| {nginx['p50_ms']:.2f} | {nginx['p99_ms']:.2f} ({each(nginx)}) | {nginx['errors']} "
            "| 100% | | |",
            f"| {layout} | OneMission `GET /api/v1/activities?limit=50` | {lst['rps']:,.0f} "
            f"| {lst['p50_ms']:.2f} | {lst['p99_ms']:.2f} ({each(lst)}) | {lst['errors']} "
            f"| {lst['vs_nginx']:.0%} | ≥ {LIST_VS_NGINX_BAR:.0%} and p99 < {LIST_P99_BAR_MS:g} ms "
            f"| {verdict(lst['pass'])} |",
            f"| {layout} | OneMission `GET /api/v1/activities/summary` (varied) "
            f"| {summ['rps']:,.0f} | {summ['p50_ms']:.2f} | {summ['p99_ms']:.2f} ({each(summ)}) "
            f"| {summ['errors']} | {summ['vs_nginx']:.0%} | ≥ {SUMMARY_VS_NGINX_BAR:.0%} "
            f"| {verdict(summ['pass'])} |",
        ]
    lines += [
        "",
        "## (c) Memory",
        "",
        "VmRSS from /proc/PID/status once the server answers /healthz, before any load; peak is "
        f"VmHWM after the wrk runs of (b)'s shared layout (`--threads "
        f"{memory['server_threads']}`). nginx: master and workers summed.",
        "",
        "| process | RSS at rest | RSS after load | peak (VmHWM) under load |",
        "|---|---:|---:|---:|",
        f"| OneMission server | {memory['server_rss_rest_kb'] / 1024:.1f} MiB "
        f"| {memory['server_rss_after_load_kb'] / 1024:.1f} MiB "
        f"| {memory['server_hwm_kb'] / 1024:.1f} MiB |",
        f"| nginx (peer) | {memory['nginx_rss_rest_kb'] / 1024:.1f} MiB "
        f"| {memory['nginx_rss_after_load_kb'] / 1024:.1f} MiB "
        f"| {memory['nginx_hwm_kb'] / 1024:.1f} MiB |",
        "",
        "Raw figures: foundation.json.",
        "",
    ]
    return "\n".join(lines)


def main():
    work, results = sys.argv[1], sys.argv[2]
    machine = read_json(os.path.join(work, "machine.result.json"))
    memory = read_json(os.path.join(work, "memory.result.json"))
    imports = import_results(work)
    http = http_results(work)
    report = {"machine": machine, "import": imports, "http": http, "memory": memory,
              "bars": {"import_vs_python_peer": IMPORT_VS_PEER_BAR,
                       "import_vs_ceiling": IMPORT_VS_CEILING_BAR,
                       "list_vs_nginx": LIST_VS_NGINX_BAR, "list_p99_ms": LIST_P99_BAR_MS,
                       "summary_vs_nginx": SUMMARY_VS_NGINX_BAR}}
    os.makedirs(results, exist_ok=True)
    with open(os.path.join(results, "foundation.json"), "w") as f:
        json.dump(report, f, indent=2)
        f.write("\n")
    with open(os.path.join(results, "foundation.md"), "w") as f:
        f.write(markdown(machine, imports, http, memory))


if __name__ == "__main__":
    main()
