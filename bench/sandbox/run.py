#!/usr/bin/env python3
"""Session start-up benchmark (issue 12), one run, against real Docker.

  bench/sandbox/run.py            # OCTOBOT_BIN (default build/release/bin/octobot), image octobot/agent:<v>

1. The floor: `docker run --rm --entrypoint true <image>`, 20 times.
2. 20 sessions one after another: time from POST .../sessions to status "ready"
   (the server polls the agent API's /health, the client polls the session).
   Prints p50, p95 beside the floor's and their ratio (targets: p50 <= 1 s and
   <= 3x the floor).
3. 50 sessions at once: all must reach "ready"; the total time, and the
   resident memory of octobot-agent + octobot-agent-api + octobot-proxy per idle
   container (target <= 15 MB).
Everything runs on loopback and in containers this script starts; it removes
them at the end.
"""
import os
import pathlib
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from common import call, make_repo, percentile, start_server  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
BIN = os.environ.get("OCTOBOT_BIN", str(ROOT / "build/release/bin/octobot"))
VERSION = re.search(r'kVersion = "([^"]+)"', (ROOT / "server/version.hpp").read_text()).group(1)
IMAGE = os.environ.get("OCTOBOT_IMAGE", f"octobot/agent:{VERSION}")
SEQUENTIAL = int(os.environ.get("BENCH_SESSIONS", "20"))
CONCURRENT = int(os.environ.get("BENCH_CONCURRENT", "50"))


def wait_status(base, session_id, wanted, timeout=120.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        session = call(base, "GET", f"/api/projects/local/sessions/{session_id}")
        if session["status"] == wanted:
            return
        if session["status"] == "error":
            raise RuntimeError(f"session {session_id}: {session['errorMessage']}")
        time.sleep(0.005)
    raise RuntimeError(f"session {session_id} not {wanted} after {timeout} s")


def floor_run():
    start = time.monotonic()
    subprocess.run(["docker", "run", "--rm", "--entrypoint", "true", IMAGE], check=True)
    return time.monotonic() - start


def rss_mb_of(container):
    out = subprocess.run(["docker", "top", container, "-eo", "pid,rss,comm"], check=True,
                         capture_output=True, text=True).stdout.splitlines()[1:]
    total_kb = 0
    for line in out:
        _pid, rss, comm = line.split(None, 2)
        if comm.strip() in ("octobot-agent", "octobot-agent-a", "octobot-agent-api", "octobot-proxy"):
            total_kb += int(rss)
    return total_kb / 1024.0


def main():
    work = pathlib.Path(tempfile.mkdtemp(prefix="octobot-bench-sandbox-"))
    repo = make_repo(work)
    server, base = start_server(BIN, work)
    try:
        workspace = call(base, "POST", "/api/projects/local/workspaces",
                         {"path": str(repo), "sourceType": "local"})["id"]
        sessions_url = f"/api/projects/local/workspaces/{workspace}/sessions"

        floor = [floor_run() for _ in range(SEQUENTIAL)]
        startup = []
        for i in range(SEQUENTIAL):
            start = time.monotonic()
            session = call(base, "POST", sessions_url, {"name": f"seq {i}"})
            wait_status(base, session["id"], "ready")
            startup.append(time.monotonic() - start)

        p50, p95 = statistics.median(startup), percentile(startup, 95)
        f50, f95 = statistics.median(floor), percentile(floor, 95)
        print(f"bench/sandbox: image {IMAGE}, binary {BIN}")
        print(f"{'':34}{'p50 s':>9}{'p95 s':>9}")
        print(f"{'floor: docker run --rm true':34}{f50:9.3f}{f95:9.3f}")
        print(f"{'session POST -> ready':34}{p50:9.3f}{p95:9.3f}")
        print(f"ratio session/floor p50: {p50 / f50:.2f} (target <= 3); p50 target <= 1 s: "
              f"{'PASS' if p50 <= 1.0 and p50 / f50 <= 3 else 'MISS'}", flush=True)

        errors = []
        start = time.monotonic()
        created = [call(base, "POST", sessions_url, {"name": f"con {i}"})["id"] for i in range(CONCURRENT)]

        def wait_one(session_id):
            try:
                wait_status(base, session_id, "ready", timeout=300)
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(str(error))
        threads = [threading.Thread(target=wait_one, args=(s,)) for s in created]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        concurrent_total = time.monotonic() - start
        time.sleep(2)  # idle
        rss = [rss_mb_of(f"octobot-session-{s}") for s in created[:10]]

        print(f"{CONCURRENT} concurrent sessions: {CONCURRENT - len(errors)} ready, {len(errors)} errors, "
              f"total {concurrent_total:.2f} s")
        for error in errors[:5]:
            print("  error:", error)
        print(f"idle RSS of agent + agent-api + proxy per container: mean {statistics.mean(rss):.1f} MB, "
              f"max {max(rss):.1f} MB (target <= 15 MB)")
        return 0 if not errors else 1
    finally:
        server.terminate()
        server.wait(timeout=30)
        data = work / "data" / "instance-id"
        if data.exists():
            instance = data.read_text().strip()
            ids = subprocess.run(["docker", "ps", "-aq", "--filter", f"label=octobot.instance={instance}"],
                                 capture_output=True, text=True).stdout.split()
            if ids:
                subprocess.run(["docker", "rm", "-f", "-v"] + ids, capture_output=True)
            volumes = subprocess.run(["docker", "volume", "ls", "-q", "--filter",
                                      f"label=octobot.instance={instance}"], capture_output=True, text=True).stdout.split()
            if volumes:
                subprocess.run(["docker", "volume", "rm", "-f"] + volumes, capture_output=True)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
