#!/usr/bin/env python3
"""Seeds an Octobot server for the API benchmark (loopback only).

Creates one local workspace in project `local`, then N sessions in it over a few
keep-alive connections, and prints a line `workspace_id=<id>` and a line
`seed_seconds=<float>` on stdout (progress and errors go to stderr).

    seed.py --port 8080 --workspace-path /tmp/ws --sessions 10000
"""
import argparse
import http.client
import json
import sys
import threading
import time


def request(conn, method, path, body=None):
    payload = None if body is None else json.dumps(body).encode()
    headers = {"Content-Type": "application/json"} if payload is not None else {}
    conn.request(method, path, body=payload, headers=headers)
    response = conn.getresponse()
    data = response.read()
    return response.status, data


def fail(message):
    print(f"seed: {message}", file=sys.stderr)
    sys.exit(1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workspace-path", required=True)
    parser.add_argument("--sessions", type=int, default=10000)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--project", default="local")
    args = parser.parse_args()

    host = "127.0.0.1"  # never anything but loopback
    conn = http.client.HTTPConnection(host, args.port, timeout=30)
    base = f"/api/projects/{args.project}"
    status, data = request(conn, "POST", f"{base}/workspaces",
                           {"path": args.workspace_path, "sourceType": "local"})
    if status != 201:
        fail(f"creating the workspace: HTTP {status}: {data[:500].decode(errors='replace')}")
    try:
        workspace_id = json.loads(data)["id"]
    except (ValueError, KeyError, TypeError):
        fail(f"creating the workspace: unexpected body {data[:500]!r}")
    conn.close()
    print(f"workspace_id={workspace_id}", flush=True)

    path = f"{base}/workspaces/{workspace_id}/sessions"
    total = args.sessions
    workers = max(1, min(args.concurrency, total or 1))
    lock = threading.Lock()
    state = {"next": 0, "done": 0, "error": None}

    def worker():
        c = http.client.HTTPConnection(host, args.port, timeout=30)
        try:
            while True:
                with lock:
                    if state["error"] is not None or state["next"] >= total:
                        return
                    n = state["next"]
                    state["next"] += 1
                try:
                    status, body = request(c, "POST", path, {"name": f"bench-{n}"})
                except (OSError, http.client.HTTPException) as e:
                    with lock:
                        state["error"] = state["error"] or f"session bench-{n}: {e!r}"
                    return
                if status != 201:
                    with lock:
                        state["error"] = state["error"] or (
                            f"session bench-{n}: HTTP {status}: {body[:500].decode(errors='replace')}")
                    return
                with lock:
                    state["done"] += 1
                    done = state["done"]
                if done % 2000 == 0:
                    print(f"seed: {done}/{total} sessions", file=sys.stderr, flush=True)
        finally:
            c.close()

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    if state["error"] is not None:
        fail(state["error"])
    print(f"seed_seconds={elapsed:.3f}", flush=True)


if __name__ == "__main__":
    main()
