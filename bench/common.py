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


class WebSocket:
    """A minimal RFC 6455 client over plain TCP (bench traffic to loopback only): binary and text
    messages out (masked), messages in (unfragmented, as the servers here send them)."""

    def __init__(self, host, port, path, headers=()):
        import base64
        import os
        import socket
        self.sock = socket.create_connection((host, port), timeout=30)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        key = base64.b64encode(os.urandom(16)).decode()
        lines = [f"GET {path} HTTP/1.1", f"Host: {host}:{port}", "Upgrade: websocket", "Connection: Upgrade",
                 f"Sec-WebSocket-Key: {key}", "Sec-WebSocket-Version: 13", *headers, "", ""]
        self.sock.sendall("\r\n".join(lines).encode())
        self.buffer = b""
        while b"\r\n\r\n" not in self.buffer:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise ConnectionError("the server closed during the WebSocket handshake")
            self.buffer += chunk
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        if not head.startswith(b"HTTP/1.1 101"):
            raise ConnectionError("WebSocket handshake refused: " + head.split(b"\r\n")[0].decode())

    def send(self, data: bytes, opcode=2):
        import os
        import struct
        mask = os.urandom(4)
        size = len(data)
        header = bytes([0x80 | opcode])
        if size < 126:
            header += bytes([0x80 | size])
        elif size < 65536:
            header += bytes([0x80 | 126]) + struct.pack("!H", size)
        else:
            header += bytes([0x80 | 127]) + struct.pack("!Q", size)
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def _read(self, n):
        while len(self.buffer) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("the WebSocket closed")
            self.buffer += chunk
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def recv(self):
        """(opcode, payload) of the next message."""
        import struct
        first, second = self._read(2)
        size = second & 0x7F
        if size == 126:
            size = struct.unpack("!H", self._read(2))[0]
        elif size == 127:
            size = struct.unpack("!Q", self._read(8))[0]
        return first & 0x0F, self._read(size)

    def close(self):
        self.sock.close()
