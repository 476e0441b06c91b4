#!/usr/bin/env python3
"""Chat benchmark (issue 13), one run, against real Docker and the real claude-agent-acp.

  bench/chat/run.py        # OCTOBOT_BIN (default build/release/bin/octobot), image octobot/agent:<v>

A fake Anthropic Messages API (tests/fixtures/fake_anthropic.py, HTTPS with a test CA) answers at
once; the session reaches it through its proxy as it would the real provider.

1. Time to the first text delta, warm agent (the first turn, which starts the agent, is left out):
   - ours: POST .../chat -> the first text-delta at this client, through the server, the agent
     API, the agent, the proxy and the fake;
   - the floor: the same agent driven over ACP directly inside the container
     (tests/fixtures/acp_probe.py as uid octobot, with the agent's own environment), from
     session/prompt to its first non-empty agent_message_chunk.
   The difference of the medians is our overhead (target p50 <= 15 ms).
2. Relay latency per chunk: the fake streams 2,000 text deltas, 2 ms apart, each carrying its send
   time; this client (same clock) takes the difference on arrival: p50, p99 (target p50 <= 2 ms).
   The server's CPU time over that turn, per relayed chunk.
Everything runs on loopback and in the container this script starts; it removes it at the end.
"""
import http.client
import json
import os
import pathlib
import re
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from common import call, make_repo, percentile, start_server  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests/fixtures"
BIN = os.environ.get("OCTOBOT_BIN", str(ROOT / "build/release/bin/octobot"))
TURNS = int(os.environ.get("BENCH_TURNS", "20"))
CHUNKS = int(os.environ.get("BENCH_CHUNKS", "2000"))
KEY = "sk-ant-bench-0123456789abcdef"


def chat(base, session, text, on_chunk):
    """POSTs a message and calls on_chunk(chunk, arrival seconds since the request) until [DONE]."""
    host, port = re.match(r"http://([^:/]+):(\d+)", base).groups()
    connection = http.client.HTTPConnection(host, int(port), timeout=120)
    body = json.dumps({"message": {"role": "user", "parts": [{"type": "text", "text": text}]}})
    start = time.monotonic()
    connection.request("POST", f"/api/projects/local/sessions/{session}/chat", body,
                       {"Content-Type": "application/json"})
    response = connection.getresponse()
    if response.status != 200:
        raise RuntimeError(f"chat answered {response.status}: {response.read()[:300]}")
    for raw in response:
        line = raw.decode().rstrip("\r\n")
        if not line.startswith("data: "):
            continue
        data = line[6:]
        if data == "[DONE]":
            break
        on_chunk(json.loads(data), time.monotonic() - start)
    connection.close()


def first_text_delay(base, session):
    first = []

    def on_chunk(chunk, elapsed):
        if chunk.get("type") == "text-delta" and chunk.get("delta") and not first:
            first.append(elapsed)
    chat(base, session, "ping", on_chunk)
    return first[0]


def floor_delays(container, prompts):
    """The agent over ACP inside the container: prompt -> first non-empty message chunk, per prompt."""
    pid = subprocess.run(["docker", "exec", "-u", "octobot", container, "pgrep", "-o", "-u", "octobot", "-f",
                          "claude-agent-acp"], capture_output=True, text=True, check=True).stdout.strip()
    environ = subprocess.run(["docker", "exec", "-u", "octobot", container, "cat", f"/proc/{pid}/environ"],
                             capture_output=True, check=True).stdout.decode().split("\0")
    env_args = [f"--env={entry}" for entry in environ if "=" in entry]
    subprocess.run(["docker", "cp", str(FIXTURES / "acp_probe.py"), f"{container}:/tmp/acp_probe.py"], check=True)
    subprocess.run(["docker", "exec", "-u", "root", container, "chmod", "755", "/tmp/acp_probe.py"], check=True)
    probe = ["docker", "exec", "-u", "octobot", "-w", "/data/workspace", *env_args, container,
             "python3", "/tmp/acp_probe.py", "--transcript", "/tmp/floor.jsonl", "--cwd", "/data/workspace"]
    for _ in range(prompts):
        probe += ["--prompt", "ping"]
    subprocess.run(probe + ["--", "claude-agent-acp"], check=True, capture_output=True)
    lines = subprocess.run(["docker", "exec", "-u", "root", container, "cat", "/tmp/floor.jsonl"],
                           capture_output=True, text=True, check=True).stdout.splitlines()
    delays, sent = [], None
    for line in lines:
        entry = json.loads(line)
        message = entry.get("msg") or {}
        if entry["dir"] == "send" and message.get("method") == "session/prompt":
            sent = entry["t"]
        update = (message.get("params") or {}).get("update") or {}
        if (entry["dir"] == "recv" and sent is not None and update.get("sessionUpdate") == "agent_message_chunk"
                and update.get("content", {}).get("text")):
            delays.append(entry["t"] - sent)
            sent = None
    return delays


def cpu_seconds(pid):
    fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def write_script(path, script):
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(script))
    tmp.rename(path)


def main():
    work = pathlib.Path(tempfile.mkdtemp(prefix="octobot-bench-chat-"))
    repo = make_repo(work)
    subprocess.run([str(FIXTURES / "make_test_ca.sh"), str(work / "ca"), "host.docker.internal"], check=True,
                   capture_output=True)
    script = work / "script.json"
    write_script(script, {"turns": [{"text": "pong"}] * (4 * TURNS + 10)})
    fake = subprocess.Popen(["python3", str(FIXTURES / "fake_anthropic.py"), "--listen", "0.0.0.0:0",
                             "--cert", str(work / "ca/server.pem"), "--key", str(work / "ca/server.key"),
                             "--script", str(script), "--port-file", str(work / "port")])
    server = None
    session = None
    try:
        while not (work / "port").exists():
            time.sleep(0.02)
        base_url = f"https://host.docker.internal:{(work / 'port').read_text().strip()}"
        server, base = start_server(BIN, work, ["--upstream-ca-files", str(work / "ca/ca.pem")])
        call(base, "PATCH", "/api/projects/local", {"networkPolicy": {"allowCidrs": ["172.16.0.0/12"]}})
        call(base, "POST", "/api/projects/local/credentials",
             {"provider": "anthropic", "name": "fake", "apiKey": KEY, "hosts": ["host.docker.internal"]})
        call(base, "POST", "/api/projects/local/agents",
             {"type": "claude-code", "name": "claude", "env": {"ANTHROPIC_BASE_URL": base_url}})
        workspace = call(base, "POST", "/api/projects/local/workspaces", {"path": str(repo), "sourceType": "local"})
        session = call(base, "POST", f"/api/projects/local/workspaces/{workspace['id']}/sessions", {"name": "bench"})["id"]
        deadline = time.monotonic() + 180
        while call(base, "GET", f"/api/projects/local/sessions/{session}")["status"] != "ready":
            if time.monotonic() > deadline:
                raise RuntimeError("the session did not become ready")
            time.sleep(0.05)

        cold = first_text_delay(base, session)  # starts the agent
        ours = [first_text_delay(base, session) for _ in range(TURNS)]
        floor = floor_delays(f"octobot-session-{session}", TURNS + 1)[1:]  # its first prompt is cold too

        write_script(script, {"turns": [{"text": "x" * CHUNKS, "chunks": CHUNKS, "delay_ms": 2, "timestamps": True}]})
        latencies = []

        def on_chunk(chunk, _elapsed):
            if chunk.get("type") == "text-delta":
                arrived = time.time()
                for stamp in re.findall(r"<(\d+\.\d+)>", chunk.get("delta", "")):
                    latencies.append((arrived - float(stamp)) * 1000)
        cpu_before = cpu_seconds(server.pid)
        chat(base, session, "stream", on_chunk)
        cpu_used = cpu_seconds(server.pid) - cpu_before

        o50, o95 = statistics.median(ours), percentile(ours, 95)
        f50, f95 = statistics.median(floor), percentile(floor, 95)
        overhead = (o50 - f50) * 1000
        print(f"bench/chat: binary {BIN}, {TURNS} warm turns (the first, cold, took {cold:.3f} s)")
        print(f"{'to the first text delta':44}{'p50 ms':>9}{'p95 ms':>9}")
        print(f"{'floor: ACP inside the container':44}{f50 * 1000:9.1f}{f95 * 1000:9.1f}")
        print(f"{'POST /chat -> client (server, agent API)':44}{o50 * 1000:9.1f}{o95 * 1000:9.1f}")
        print(f"overhead p50: {overhead:.1f} ms (target <= 15 ms): {'PASS' if overhead <= 15 else 'MISS'}")
        if len(latencies) < CHUNKS:
            print(f"relay: only {len(latencies)} of {CHUNKS} stamped chunks arrived")
        r50, r99 = statistics.median(latencies), percentile(latencies, 99)
        print(f"relay provider -> client, {len(latencies)} chunks: p50 {r50:.2f} ms, p99 {r99:.2f} ms "
              f"(target p50 <= 2 ms): {'PASS' if r50 <= 2 else 'MISS'}")
        print(f"server CPU over that turn: {cpu_used * 1000:.0f} ms, {cpu_used * 1e6 / max(1, len(latencies)):.1f} us "
              f"per relayed chunk")
        return 0
    finally:
        if server:
            server.kill()
            server.wait()
        fake.kill()
        fake.wait()
        if session:
            subprocess.run(["docker", "rm", "-f", "-v", f"octobot-session-{session}"], capture_output=True)
            subprocess.run(["docker", "volume", "rm", "-f", f"octobot-data-{session}"], capture_output=True)


if __name__ == "__main__":
    sys.exit(main())
