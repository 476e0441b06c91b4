#!/usr/bin/env python3
"""Prints bench/proxy/run.sh's table, ratios and targets from its results.tsv.

usage: report.py RESULTS.tsv "PROXY_THREADS..."   (BENCH_PIN=1 in the environment: the run was pinned)

Rows of RESULTS.tsv (tab-separated):
  load <scenario> <req/s> <p50 ms> <p99 ms> <errors> <proxy CPU us per request, "-" for direct>
       <CPU us per request of both ends, nginx and the client>
  bulk <scenario> <MiB/s> <proxy CPU s per GiB, "-" for direct> <CPU s per GiB of both ends>
  conn <scenario> <new connection ms>
  newhost <scenario> <first request to a new host ms> <minus the second request's ms>
  rss  <scenario> <at start MiB> <idle after load MiB> <with the held tunnels MiB> <anonymous RSS idle MiB>
  fail <scenario> <what> <message>
Exit status: 0 when every target passed and nothing failed, 3 otherwise.
"""
import os
import sys

TARGETS = {
    "mitmproxy": 20.0,  # MITM req/s >= 20x mitmproxy
    "squid": 1.0,  # MITM req/s >= squid
    "direct_rps": 0.5,  # MITM req/s >= 50% of direct
    "direct_bulk": 0.7,  # MITM throughput >= 70% of direct
    "cert_ms": 5.0,  # the first request to a new host adds <= 5 ms
    "idle_rss_mib": 8.0,  # idle RSS <= 8 MiB
}


def read(path):
    data, failures = {}, []
    with open(path) as results:
        for line in results:
            fields = line.rstrip("\n").split("\t")
            kind, scenario, values = fields[0], fields[1], fields[2:]
            if kind == "fail":
                failures.append((scenario, values[0], values[1] if len(values) > 1 else ""))
            else:
                data.setdefault(scenario, {})[kind] = values
    return data, failures


def number(data, scenario, kind, index):
    try:
        return float(data[scenario][kind][index])
    except (KeyError, IndexError, ValueError):
        return None


def cell(data, scenario, kind, index, failed):
    values = data.get(scenario, {}).get(kind)
    if values is None:
        return "FAIL" if failed else "-"
    return values[index] if index < len(values) else "-"


def label(scenario):
    if scenario == "direct":
        return "direct (no proxy)"
    if scenario == "direct-end":
        return "direct, again at the end"
    name, _, mode = scenario.rpartition("-")
    if name.startswith("octobot-t"):
        name = f"octobot-proxy --threads {name[len('octobot-t'):]}"
    return f"{name} {'MITM' if mode == 'mitm' else 'tunnel'}"


def main():
    data, failures = read(sys.argv[1])
    pinned = os.environ.get("BENCH_PIN") == "1"  # the proxy had a core of its own: no shared-core ceiling
    threads = sys.argv[2].split() if len(sys.argv) > 2 else ["1"]
    failed = {scenario for scenario, _, _ in failures}
    scenarios = ["direct"]
    for t in threads:
        scenarios += [f"octobot-t{t}-tunnel", f"octobot-t{t}-mitm"]
    scenarios += ["mitmproxy-tunnel", "mitmproxy-mitm", "squid-tunnel", "squid-mitm", "direct-end"]
    scenarios = [s for s in scenarios if s in data or s in failed or s.startswith("octobot") or s == "direct"]

    columns = [("scenario", 34), ("req/s", 9), ("p50_ms", 7), ("p99_ms", 7), ("errors", 6), ("cpu_us", 6),
               ("ends_us", 7), ("MiB/s", 7), ("cpu_s/GiB", 9), ("ends_s/GiB", 10), ("conn_ms", 7), ("newhost_ms", 10), ("cert+ms", 7), ("RSS_start", 9), ("RSS_idle", 8),
               ("RSS_1000tun", 11), ("anon_idle", 9)]
    header = " ".join(name.ljust(width) if i == 0 else name.rjust(width) for i, (name, width) in enumerate(columns))
    print(header)
    print("-" * len(header))
    for s in scenarios:
        is_failed = s in failed
        row = [label(s)]
        row += [cell(data, s, "load", i, is_failed) for i in range(6)]
        row += [cell(data, s, "bulk", i, is_failed) for i in range(3)]
        row += [cell(data, s, "conn", 0, is_failed)]
        row += [cell(data, s, "newhost", i, is_failed and not s.endswith("tunnel")) for i in range(2)]
        row += [cell(data, s, "rss", i, is_failed and s.endswith("mitm")) for i in (0, 1, 2, 3)]
        print(" ".join(v.ljust(w) if i == 0 else v.rjust(w) for i, (v, (_, w)) in enumerate(zip(row, columns))))
    print("(cpu_us: CPU time of the proxy process per request; cpu_s/GiB: its CPU seconds per GiB downloaded;")
    print(" ends_us, ends_s/GiB: the same for nginx and the client together;")
    print(" MiB/s: 1 GiB download with curl; conn_ms: median request on a new connection to a host already seen;")
    print(" newhost_ms: median first request to a new host; cert+ms: median of first minus second request per new host;")
    print(" RSS in MiB of the proxy process, shown on its MITM row: at start, idle after the load, with 1,000 tunnels;")
    print(" anon_idle: the anonymous part of RSS_idle (heap, stacks), without the file pages of code RSS counts)")

    print()
    print("ratios: a proxy row over another row; direct is the better of its two runs")
    print("layout: " + ("pinned, the proxy on a core of its own, the client and nginx on another" if pinned
                        else "shared, the client, nginx and the proxy on the same cores (BENCH_PIN=0)"))
    print(f"{'ratio / target':66} {'value':>9}  {'target':>8}  result")
    missed = bool(failures)

    def ratio(numerator, denominator):
        if numerator is None or denominator is None or denominator == 0:
            return None
        return numerator / denominator

    def line(text, value, target=None, at_most=False, unit="x"):
        nonlocal missed
        shown = "n/a" if value is None else (f"{value:.2f}{unit}" if unit == "x" else f"{value:.2f} {unit}")
        if target is None:
            print(f"{text:66} {shown:>9}  {'':>8}  (info)")
            return
        ok = value is not None and (value <= target if at_most else value >= target)
        missed |= not ok
        bound = f"{'<=' if at_most else '>='} {target:g}"
        print(f"{text:66} {shown:>9}  {bound:>8}  {'PASS' if ok else 'FAIL'}")

    def best_direct_run(kind):
        runs = [s for s in ("direct", "direct-end") if number(data, s, kind, 0) is not None]
        return max(runs, key=lambda s: number(data, s, kind, 0)) if runs else None

    def best_direct(kind):
        run = best_direct_run(kind)
        return number(data, run, kind, 0) if run else None

    def shared_core_ceiling(kind, ends_index, proxy_cost):
        """e / (e + p): the best ratio to direct a proxy costing p can reach while both ends, costing e
        per unit (the lower of the two direct runs, which does not flatter the proxy), keep the shared
        cores busy."""
        costs = [c for c in (number(data, s, kind, ends_index) for s in ("direct", "direct-end")) if c is not None]
        if not costs or proxy_cost is None:
            return None
        return ratio(min(costs), min(costs) + proxy_cost)

    def rps(s):
        return best_direct("load") if s == "direct" else number(data, s, "load", 0)

    def bulk(s):
        return best_direct("bulk") if s == "direct" else number(data, s, "bulk", 0)

    def cpu_us(s):
        return number(data, s, "load", 4)

    def per_core(s):  # requests per second of proxy CPU: what the proxy would serve with a core of its own
        cost = cpu_us(s)
        return 1e6 / cost if cost else None

    for t in threads:
        mitm, tunnel = f"octobot-t{t}-mitm", f"octobot-t{t}-tunnel"
        who = f"octobot-proxy --threads {t}"
        line(f"{who}: MITM req/s / mitmproxy MITM req/s", ratio(rps(mitm), rps("mitmproxy-mitm")), TARGETS["mitmproxy"])
        line(f"{who}: MITM req/s / squid MITM req/s", ratio(rps(mitm), rps("squid-mitm")), TARGETS["squid"])
        line(f"{who}: MITM req/s / direct req/s", ratio(rps(mitm), rps("direct")), TARGETS["direct_rps"])
        line(f"{who}: MITM MiB/s / direct MiB/s", ratio(bulk(mitm), bulk("direct")), TARGETS["direct_bulk"])
        line(f"{who}: first request to a new host adds", number(data, mitm, "newhost", 1), TARGETS["cert_ms"], True, "ms")
        line(f"{who}: idle RSS after load", number(data, mitm, "rss", 1), TARGETS["idle_rss_mib"], True, "MiB")
        line(f"{who}: RSS right after start", number(data, mitm, "rss", 0), None, unit="MiB")
        line(f"{who}: anonymous RSS idle after load", number(data, mitm, "rss", 3), None, unit="MiB")
        line(f"{who}: tunnel req/s / direct req/s", ratio(rps(tunnel), rps("direct")))
        line(f"{who}: tunnel MiB/s / direct MiB/s", ratio(bulk(tunnel), bulk("direct")))
        line(f"{who}: tunnel req/s / squid tunnel req/s", ratio(rps(tunnel), rps("squid-tunnel")))
        line(f"{who}: MITM CPU per request, squid over octobot", ratio(cpu_us(("squid-mitm")), cpu_us(mitm)))
        line(f"{who}: MITM CPU per GiB, squid over octobot", ratio(number(data, "squid-mitm", "bulk", 1),
                                                                   number(data, mitm, "bulk", 1)))
        line(f"{who}: MITM req/s one proxy core serves / direct req/s", ratio(per_core(mitm), rps("direct")))
        if not pinned:
            line(f"{who}: MITM req/s / direct, ceiling e/(e+p) on shared cores",
                 shared_core_ceiling("load", 5, cpu_us(mitm)))
            line(f"{who}: MITM MiB/s / direct, ceiling e/(e+p) on shared cores",
                 shared_core_ceiling("bulk", 2, number(data, mitm, "bulk", 1)))
    line("mitmproxy MITM req/s / direct req/s", ratio(rps("mitmproxy-mitm"), rps("direct")))
    line("squid MITM req/s / direct req/s", ratio(rps("squid-mitm"), rps("direct")))
    line("mitmproxy MITM MiB/s / direct MiB/s", ratio(bulk("mitmproxy-mitm"), bulk("direct")))
    line("squid MITM MiB/s / direct MiB/s", ratio(bulk("squid-mitm"), bulk("direct")))

    if failures:
        print()
        print("failures:")
        for scenario, what, message in failures:
            print(f"  {label(scenario)}: {what}: {message}")
    return 3 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
