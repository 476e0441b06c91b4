"""What the session benchmarks share (bench/sandbox, bench/chat): the server's REST API, a
scratch git repository as the workspace, the server process, percentiles."""
import json
import pathlib
import re
import subprocess
import urllib.request


def call(base, method, path, body=None):
    """One REST call to the server at `base`; the JSON answer, or None for an empty body."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        text = response.read()
        return json.loads(text) if text else None


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100.0 * (len(ordered) - 1))))]


def make_repo(work: pathlib.Path):
    """A git repository with one commit at <work>/repo."""
    repo = work / "repo"
    repo.mkdir()
    git = ["git", "-C", str(repo), "-c", "user.name=bench", "-c", "user.email=bench@octobot.invalid"]
    subprocess.run(git + ["init", "-q", "-b", "main"], check=True)
    (repo / "README.md").write_text("bench\n")
    subprocess.run(git + ["add", "."], check=True)
    subprocess.run(git + ["commit", "-qm", "base"], check=True)
    return repo


def start_server(binary, work: pathlib.Path, extra_args=()):
    """`octobot server` on 127.0.0.1:0 with its data in <work>/data; (process, base URL)."""
    server = subprocess.Popen([binary, "server", "--listen", "127.0.0.1:0", "--data-dir", str(work / "data"),
                               "--log-level", "warn", "--idle-timeout", "0", *extra_args],
                              stdout=subprocess.PIPE, text=True)
    base = re.search(r"(http://\S+?)/?$", server.stdout.readline().strip()).group(1)
    return server, base
