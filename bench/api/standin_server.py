#!/usr/bin/env python3
"""A stand-in for `octobot server`, only for testing the benchmark scripts.

It accepts the same command line the benchmark uses
(`server --listen 127.0.0.1:PORT --data-dir DIR [--database URL] --threads N`),
keeps everything in memory and serves just the routes the benchmark touches:
GET /api/health, POST /api/projects/local/workspaces,
POST /api/projects/local/workspaces/{id}/sessions and
GET /api/projects/local/sessions?limit=N. Its numbers say nothing about Octobot.

    OCTOBOT_BIN=bench/api/standin_server.py BENCH_DURATION=2s BENCH_SESSIONS=500 \
        BENCH_BACKENDS=sqlite bench/api/run.sh
"""
import argparse
import datetime
import json
import os
import re
import sys
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

LOCK = threading.Lock()
WORKSPACES = {}
SESSIONS = []  # oldest first


def now():
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are separate writes

    def log_message(self, format, *args):  # noqa: A002 - quiet
        pass

    def reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def error(self, status, code, message):
        self.reply(status, {"error": {"code": code, "message": message}})

    def do_GET(self):
        url = urlsplit(self.path)
        if url.path == "/api/health":
            return self.reply(200, {"status": "ok", "version": "standin"})
        if url.path == "/api/projects/local/sessions":
            query = parse_qs(url.query)
            try:
                limit = int(query.get("limit", ["50"])[0])
            except ValueError:
                return self.error(400, "bad_request", "limit must be an integer")
            if not 1 <= limit <= 200:
                return self.error(400, "bad_request", "limit must be 1..200")
            with LOCK:
                items = SESSIONS[::-1][:limit]
                more = len(SESSIONS) > limit
            return self.reply(200, {"items": items, "nextCursor": items[-1]["id"] if more else None})
        return self.error(404, "not_found", "no such route")

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        try:
            body = json.loads(self.rfile.read(length) or b"null")
        except ValueError:
            return self.error(400, "bad_request", "invalid JSON")
        path = urlsplit(self.path).path
        if path == "/api/projects/local/workspaces":
            if not os.path.exists(body.get("path", "")):
                return self.error(422, "path_not_found", "path does not exist")
            t = now()
            ws = {"id": str(uuid.uuid4()), "projectId": "local", "displayName": os.path.basename(body["path"]),
                  "path": body["path"], "sourceType": "local", "status": "ready", "errorMessage": None,
                  "commitSha": None, "createdAt": t, "updatedAt": t}
            with LOCK:
                WORKSPACES[ws["id"]] = ws
            return self.reply(201, ws)
        m = re.fullmatch(r"/api/projects/local/workspaces/([^/]+)/sessions", path)
        if m:
            with LOCK:
                if m.group(1) not in WORKSPACES:
                    return self.error(404, "not_found", "workspace not found")
            t = now()
            s = {"id": str(uuid.uuid4()), "projectId": "local", "workspaceId": m.group(1), "agentId": None,
                 "name": body.get("name", ""), "status": "initializing", "errorMessage": None,
                 "createdAt": t, "updatedAt": t}
            with LOCK:
                SESSIONS.append(s)
            return self.reply(201, s)
        return self.error(404, "not_found", "no such route")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["server"])
    parser.add_argument("--listen", required=True)
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--database")
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    host, port = args.listen.rsplit(":", 1)
    if host not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("standin: loopback only")
    server = ThreadingHTTPServer((host, int(port)), Handler)
    server.daemon_threads = True
    print(f"standin octobot listening on http://{host}:{port} (database: {args.database or 'sqlite'})", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
