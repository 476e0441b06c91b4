#!/usr/bin/env python3
"""Session tools benchmark (issue 14), one run, against real Docker.

  bench/tools/run.py        # OCTOBOT_BIN (default build/release/bin/octobot), image octobot/agent:<v>

1. Diff: a workspace of 10,000 files (BENCH_FILES) in which 500 change in the session (400
   modified, 50 deleted, 50 added and untracked). GET .../diff?stat=1 and the full .../diff through
   the server, beside the floor: `git diff --stat <base>` and `git diff <base>` run directly in the
   container, timed inside it (python3 there), in the same run. p50 of BENCH_RUNS each; the ratio of
   the medians (target <= 1.5).
2. Terminal: keystroke echo latency through the server's WebSocket relay (one byte typed, until it
   comes back), p50 and p99 of BENCH_KEYS keys (target p50 <= 5 ms), beside the same through the
   agent API's own WebSocket directly (its port and token read from the server's database), so the
   server's share shows.
Everything runs on loopback and in the container this script starts; it removes it at the end.
"""
import json
import os
import pathlib
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from common import WebSocket, call, percentile, start_server  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
BIN = os.environ.get("OCTOBOT_BIN", str(ROOT / "build/release/bin/octobot"))
FILES = int(os.environ.get("BENCH_FILES", "10000"))
RUNS = int(os.environ.get("BENCH_RUNS", "15"))
KEYS = int(os.environ.get("BENCH_KEYS", "300"))

# Runs inside the container: the floor, timed there (no docker exec in the numbers).
FLOOR_SCRIPT = r"""
import json, statistics, subprocess, sys, time
base, runs = sys.argv[1], int(sys.argv[2])
def timed(args):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(["git", "-C", "/data/workspace"] + args, stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)
print(json.dumps({"stat": timed(["diff", "--stat", base]), "full": timed(["diff", base])}))
"""

CHANGE_SCRIPT = r"""
import os, sys
n = int(sys.argv[1])
root = "/data/workspace"
for i in range(400):
    with open(f"{root}/d{i % 100:03d}/f{i:05d}.txt", "a") as f:
        f.write("changed in the session\n")
for i in range(400, 450):
    os.remove(f"{root}/d{i % 100:03d}/f{i:05d}.txt")
for i in range(50):
    with open(f"{root}/d{i:03d}/new{i:03d}.txt", "w") as f:
        f.write("a new file\n" * 5)
"""


def make_big_repo(work):
    repo = work / "repo"
    repo.mkdir()
    for i in range(FILES):
        directory = repo / f"d{i % 100:03d}"
        directory.mkdir(exist_ok=True)
        (directory / f"f{i:05d}.txt").write_text("".join(f"line {n} of file {i}\n" for n in range(20)))
    git = ["git", "-C", str(repo), "-c", "user.name=bench", "-c", "user.email=bench@octobot.invalid"]
    subprocess.run(git + ["init", "-q", "-b", "main"], check=True)
    subprocess.run(git + ["add", "."], check=True)
    subprocess.run(git + ["commit", "-qm", "base"], check=True)
    return repo


def timed_get(base, path):
    start = time.perf_counter()
    with urllib.request.urlopen(base + path, timeout=120) as response:
        body = response.read()
    return time.perf_counter() - start, json.loads(body)


def echo_latencies(socket):
    """Types one byte at a time into the shell's line and waits for its echo."""
    deadline = time.monotonic() + 10
    seen = b""
    while b"$ " not in seen and time.monotonic() < deadline:  # the prompt
        seen += socket.recv()[1]
    latencies = []
    for i in range(KEYS):
        if i % 50 == 0:
            socket.send(b"\x15")  # ^U: empty the line now and then
            time.sleep(0.05)
            socket.sock.setblocking(False)
            try:
                while True:
                    socket.sock.recv(65536)
            except BlockingIOError:
                pass
            socket.sock.setblocking(True)
            socket.buffer = b""
        start = time.perf_counter()
        socket.send(b"x")
        while b"x" not in socket.recv()[1]:
            pass
        latencies.append(time.perf_counter() - start)
    return latencies


def main():
    work = pathlib.Path(tempfile.mkdtemp(prefix="octobot-bench-tools-"))
    server = None
    session = None
    try:
        print(f"bench/tools: {FILES} files, binary {BIN}", flush=True)
        repo = make_big_repo(work)
        server, base = start_server(BIN, work)
        workspace = call(base, "POST", "/api/projects/local/workspaces", {"path": str(repo), "sourceType": "local"})
        session = call(base, "POST", f"/api/projects/local/workspaces/{workspace['id']}/sessions", {"name": "tools"})
        url = f"/api/projects/local/sessions/{session['id']}"
        for _ in range(600):
            status = call(base, "GET", url)["status"]
            if status in ("ready", "error"):
                break
            time.sleep(0.2)
        if status != "ready":
            sys.exit(f"the session did not become ready: {call(base, 'GET', url)}")
        container = f"octobot-session-{session['id']}"
        subprocess.run(["docker", "exec", "-u", "octobot", container, "python3", "-c", CHANGE_SCRIPT, str(FILES)], check=True)

        _, stat = timed_get(base, url + "/diff?stat=1")
        print(f"changed files seen by /diff: {len(stat['files'])}", flush=True)
        ours_stat = statistics.median(timed_get(base, url + "/diff?stat=1")[0] for _ in range(RUNS))
        ours_full = statistics.median(timed_get(base, url + "/diff")[0] for _ in range(RUNS))
        floor = json.loads(subprocess.run(["docker", "exec", "-u", "octobot", container, "python3", "-c", FLOOR_SCRIPT,
                                           stat["base"], str(RUNS)], check=True, capture_output=True, text=True).stdout)
        print(f"{'':34}{'p50 ms':>10}{'floor ms':>10}{'ratio':>8}")
        for name, ours, bottom in (("GET .../diff?stat=1 vs git diff --stat", ours_stat, floor["stat"]),
                                   ("GET .../diff vs git diff", ours_full, floor["full"])):
            ratio = ours / bottom
            print(f"{name:34}{ours * 1000:10.1f}{bottom * 1000:10.1f}{ratio:8.2f}  target <= 1.5: "
                  f"{'PASS' if ratio <= 1.5 else 'FAIL'}")

        host_port = url + "/terminal?cols=120&rows=40"
        port = int(base.rsplit(":", 1)[1])
        through_server = echo_latencies(WebSocket("127.0.0.1", port, host_port))
        database = next((work / "data").glob("*.db"))
        api_token, = sqlite3.connect(database).execute("SELECT api_token FROM sessions WHERE id = ?",
                                                        (session["id"],)).fetchone()
        api_port = json.loads(subprocess.run(["docker", "port", container, "3002/tcp"], capture_output=True,
                                             text=True).stdout.split(":")[-1].strip() or "0")
        direct = echo_latencies(WebSocket("127.0.0.1", api_port, "/terminal?cols=120&rows=40",
                                          [f"Authorization: Bearer {api_token}"]))
        print(f"{'keystroke echo':34}{'p50 ms':>10}{'p99 ms':>10}")
        for name, values in (("through the server", through_server), ("agent API directly", direct)):
            print(f"{name:34}{percentile(values, 50) * 1000:10.2f}{percentile(values, 99) * 1000:10.2f}")
        p50 = percentile(through_server, 50) * 1000
        print(f"echo p50 through the server {p50:.2f} ms (target <= 5 ms): {'PASS' if p50 <= 5 else 'FAIL'}; "
              f"the server's relay adds {p50 - percentile(direct, 50) * 1000:.2f} ms at p50")
    finally:
        if session and server:  # the server removes the container and its volume
            call(base, "DELETE", f"/api/projects/local/sessions/{session['id']}")
            for _ in range(100):
                gone = subprocess.run(["docker", "inspect", f"octobot-session-{session['id']}"], capture_output=True)
                if gone.returncode != 0:
                    break
                time.sleep(0.2)
        if server:
            server.terminate()
            server.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
