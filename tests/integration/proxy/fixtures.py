"""Local fixtures for the octobot-proxy real-client tests (stdlib only).

Everything runs on loopback inside one temporary directory:
- TestPki: a test CA and a server certificate (ECDSA P-256, openssl CLI) whose
  SANs cover every name the upstreams are reached by.
- RecordingServer: an HTTP or HTTPS upstream on 127.0.0.1 that records every
  request it receives (method, path, headers, which TCP connection) and serves
  a plain answer, a gated SSE stream (/sse/<id>) and static files (/git/...).
- EofReplyServer / EchoServer: raw TCP upstreams for tunnel tests.
- make_git_repository(): a bare repository prepared for the dumb HTTP protocol.
- Registry: Debian's docker-registry on 127.0.0.1 with TLS and filesystem
  storage, its access log parsed to count blob requests; push_tiny_image()
  builds a one-layer OCI image layout by hand and pushes it with skopeo.
"""
import base64
import gzip
import hashlib
import http.server
import io
import json
import os
import random
import re
import socket
import socketserver
import ssl
import subprocess
import tarfile
import threading
import time


def free_port(host="127.0.0.1"):
    """A TCP port that was free a moment ago, for a process that binds it later.

    It is drawn below the kernel's ephemeral range (net.ipv4.ip_local_port_range
    starts at 32768), so the local port of an outgoing connection made in the
    meantime cannot take it, as a port from bind(0) could.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    for _ in range(100):
        port = random.randrange(20000, 32768)
        with socket.socket(family, socket.SOCK_STREAM) as sock:
            try:
                sock.bind((host, port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 20000-32767 on " + host)


def wait_for_port(port, host="127.0.0.1", timeout=20.0, process=None):
    """Polls until something accepts on host:port; False on timeout or if `process` exited."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            return False
        try:
            with socket.create_connection((host, port), timeout=1):
                return True
        except OSError:
            time.sleep(0.05)
    return False


def wait_until(predicate, timeout=10.0, interval=0.05):
    """Returns predicate()'s first truthy value, or None after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            return None
        time.sleep(interval)


def run(command, timeout=120, env=None, cwd=None, check=True):
    completed = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env, cwd=cwd)
    if check and completed.returncode != 0:
        raise RuntimeError("%s failed (exit %d):\n%s\n%s" % (" ".join(command), completed.returncode,
                                                             completed.stdout, completed.stderr))
    return completed


def loopback_alias():
    """A host name that is neither "localhost" nor an IP literal but resolves to loopback
    (from /etc/hosts, e.g. the machine's own name), or None. Go clients (skopeo) never
    use a proxy for "localhost" or loopback literals, so the registry test needs one."""
    candidates = [socket.gethostname()]
    try:
        with open("/etc/hosts") as hosts:
            for line in hosts:
                fields = line.split("#", 1)[0].split()
                if len(fields) >= 2 and fields[0].startswith("127."):
                    candidates.extend(fields[1:])
    except OSError:
        pass
    for name in candidates:
        if not name or name == "localhost" or not re.fullmatch(r"[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*", name):
            continue
        try:
            addresses = {info[4][0] for info in socket.getaddrinfo(name, 443, proto=socket.IPPROTO_TCP)}
        except OSError:
            continue
        if addresses and all(a.startswith("127.") or a == "::1" for a in addresses):
            return name.lower()
    return None


WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC11B85"


class TestPki:
    """A test CA (upstream-ca.pem) and one server certificate for `names` and `ips`."""

    def __init__(self, directory, names, ips):
        os.makedirs(directory, exist_ok=True)
        self.ca_cert = os.path.join(directory, "upstream-ca.pem")
        self.ca_key = os.path.join(directory, "upstream-ca.key")
        self.server_cert = os.path.join(directory, "server.crt")
        self.server_key = os.path.join(directory, "server.key")
        ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        run(["openssl", "req", "-x509", *ec, "-keyout", self.ca_key, "-out", self.ca_cert, "-days", "2",
             "-subj", "/CN=Octobot Test Upstream CA", "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
        csr = os.path.join(directory, "server.csr")
        run(["openssl", "req", "-new", *ec, "-keyout", self.server_key, "-out", csr, "-subj", "/CN=" + names[0]])
        extensions = os.path.join(directory, "server.ext")
        san = ",".join(["DNS:" + n for n in names] + ["IP:" + ip for ip in ips])
        with open(extensions, "w") as ext:
            ext.write("basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n"
                      "extendedKeyUsage=serverAuth\nsubjectAltName=%s\n" % san)
        run(["openssl", "x509", "-req", "-in", csr, "-CA", self.ca_cert, "-CAkey", self.ca_key,
             "-CAcreateserial", "-days", "2", "-out", self.server_cert, "-extfile", extensions])

    def server_context(self):
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.server_cert, self.server_key)
        return context


class SseGate:
    """Lets the test hold the SSE upstream: event i+1 is sent only after the test
    called received(i) (or after `wait` seconds, which counts as a failure)."""

    def __init__(self, events=3, wait=10.0):
        self.events = events
        self.wait = wait
        self.gates = [threading.Event() for _ in range(events)]
        self.timed_out = []  # events whose receipt the upstream waited for in vain
        self.sent = []

    def received(self, index):
        self.gates[index - 1].set()


class Recorder:
    """What an upstream received: one dict per request."""

    def __init__(self):
        self.lock = threading.Lock()
        self.requests = []
        self.connections = 0

    def new_connection(self):
        with self.lock:
            self.connections += 1
            return self.connections

    def add(self, record):
        with self.lock:
            self.requests.append(record)

    def for_path(self, path):
        with self.lock:
            return [r for r in self.requests if r["path"] == path]

    def all(self):
        with self.lock:
            return list(self.requests)


class RecordingHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "TestUpstream/1"

    def setup(self):
        if isinstance(self.request, ssl.SSLSocket):
            self.request.settimeout(30)
            self.request.do_handshake()
        super().setup()
        self.connection_id = self.server.recorder.new_connection()

    def log_message(self, *args):
        pass

    def _record(self, body):
        path = self.path.split("?", 1)[0]
        self.server.recorder.add({
            "method": self.command,
            "path": path,
            "headers": [(k.lower(), v) for k, v in self.headers.items()],
            "connection": self.connection_id,
            "body": body,
        })
        return path

    def _read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            return self.rfile.read(length)
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            data = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return data
                data += self.rfile.read(size)
                self.rfile.readline()
        return b""

    def _send(self, status, body, content_type="text/plain"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self):
        path = self._record(self._read_body())
        if path.startswith("/sse/"):
            return self._serve_sse(path[len("/sse/"):])
        if path.startswith("/ws/") and (self.headers.get("Upgrade") or "").lower() == "websocket":
            return self._serve_websocket_echo()
        if path in self.server.redirects:
            self.send_response(307)
            self.send_header("Location", self.server.redirects[path])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if path in self.server.blobs:
            return self._send(200, self.server.blobs[path], "application/octet-stream")
        if path.startswith("/chunked/"):
            return self._serve_chunked(path)
        if path.startswith(self.server.static_prefix) and self.server.static_root:
            return self._serve_static(path[len(self.server.static_prefix):])
        self._send(200, ("hello from %s %s\n" % (self.server.name, path)).encode())

    do_HEAD = do_GET
    do_DELETE = do_GET

    def do_POST(self):
        path = self._record(self._read_body())
        self._send(200, ("posted to %s %s\n" % (self.server.name, path)).encode())

    do_PUT = do_POST

    def _serve_static(self, relative):
        root = os.path.realpath(self.server.static_root)
        full = os.path.realpath(os.path.join(root, relative))
        if not full.startswith(root + os.sep) or not os.path.isfile(full):
            return self._send(404, b"not found\n")
        with open(full, "rb") as f:
            self._send(200, f.read(), "application/octet-stream")

    def _serve_chunked(self, path):
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        if self.command == "HEAD":  # the header says chunked, yet a response to HEAD has no body at all
            return
        for index in (1, 2, 3):
            part = ("part %d of %s\n" % (index, path)).encode()
            self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
        self.wfile.write(b"0\r\n\r\n")

    def _serve_websocket_echo(self):
        """RFC 6455 handshake, then echo one client text frame back (unmasked) and close."""
        key = self.headers.get("Sec-WebSocket-Key", "")
        accept = base64.b64encode(hashlib.sha1((key + WEBSOCKET_GUID).encode()).digest()).decode()
        self.send_response(101)
        self.send_header("Upgrade", "websocket")
        self.send_header("Connection", "Upgrade")
        self.send_header("Sec-WebSocket-Accept", accept)
        self.end_headers()
        self.wfile.flush()
        first, second = self.rfile.read(2)
        length = second & 0x7F  # the test sends short frames only
        mask = self.rfile.read(4) if second & 0x80 else b"\0\0\0\0"
        payload = bytes(b ^ mask[i % 4] for i, b in enumerate(self.rfile.read(length)))
        self.wfile.write(bytes([first, len(payload)]) + payload)
        self.wfile.flush()
        self.close_connection = True

    def _serve_sse(self, gate_id):
        gate = self.server.sse_gates.get(gate_id)
        if gate is None:
            return self._send(404, b"no such gate\n")
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        self.wfile.flush()
        for index in range(1, gate.events + 1):
            event = ("id: %d\nevent: tick\ndata: event %d\n\n" % (index, index)).encode()
            self.wfile.write(b"%x\r\n%s\r\n" % (len(event), event))
            self.wfile.flush()
            gate.sent.append(index)
            if not gate.gates[index - 1].wait(gate.wait):
                gate.timed_out.append(index)
                break
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()
        self.close_connection = True


class RecordingServer(socketserver.ThreadingMixIn, http.server.HTTPServer):
    """HTTP(S) upstream on 127.0.0.1 (TLS when `tls_context` is given)."""
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, name, tls_context=None, static_root=None, host="127.0.0.1", static_prefix="/git/"):
        self.name = name
        self.tls_context = tls_context
        self.static_root = static_root
        self.static_prefix = static_prefix  # GET <static_prefix><path> serves static_root/<path>
        self.recorder = Recorder()
        self.sse_gates = {}
        self.blobs = {}  # path -> bytes served as they are (e.g. a fake registry blob)
        self.redirects = {}  # path -> Location of a 307 answer (e.g. a registry sending a blob to a CDN)
        if ":" in host:
            self.address_family = socket.AF_INET6
        super().__init__((host, 0), RecordingHandler)
        self.port = self.server_address[1]
        self.thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
        self.thread.start()

    def get_request(self):
        sock, address = super().get_request()
        if self.tls_context is not None:
            sock = self.tls_context.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
        return sock, address

    def handle_error(self, request, client_address):
        pass  # clients that hang up or fail TLS (e.g. a refused certificate) are expected

    def stop(self):
        self.shutdown()
        self.server_close()


class _RawServer:
    """A TCP server on 127.0.0.1 that runs `serve(connection)` per connection in a thread."""

    def __init__(self):
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.port = self.listener.getsockname()[1]
        self.stopping = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while not self.stopping:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve_safely, args=(connection,), daemon=True).start()

    def _serve_safely(self, connection):
        try:
            connection.settimeout(30)
            self.serve(connection)
        except OSError:
            pass
        finally:
            connection.close()

    def stop(self):
        self.stopping = True
        self.listener.close()


class EofReplyServer(_RawServer):
    """Reads until the client half-closes, then answers "got N bytes: <data>" and closes."""

    def serve(self, connection):
        data = b""
        while True:
            chunk = connection.recv(65536)
            if not chunk:
                break
            data += chunk
        connection.sendall(b"got %d bytes: %s" % (len(data), data))


class EchoServer(_RawServer):
    """Echoes every chunk back until the client closes."""

    def serve(self, connection):
        while True:
            chunk = connection.recv(65536)
            if not chunk:
                return
            connection.sendall(chunk)


class BurstServer(_RawServer):
    """Writes BURST bytes at once, then waits for the client's "done" and answers "bye"."""

    BURST = 8 * 1024 * 1024

    def serve(self, connection):
        connection.sendall(bytes(range(256)) * (self.BURST // 256))
        answer = b""
        while not answer.endswith(b"done"):
            chunk = connection.recv(64)
            if not chunk:
                return
            answer += chunk
        connection.sendall(b"bye")


def make_git_repository(directory, env):
    """A bare repository at DIR/repo.git with one commit, ready for dumb HTTP; returns (path, commit)."""
    work = os.path.join(directory, "work")
    bare = os.path.join(directory, "repo.git")
    run(["git", "init", "-q", "-b", "main", work], env=env)
    with open(os.path.join(work, "README.md"), "w") as readme:
        readme.write("cloned through octobot-proxy\n")
    run(["git", "-C", work, "add", "README.md"], env=env)
    run(["git", "-C", work, "commit", "-q", "-m", "first commit"], env=env)
    commit = run(["git", "-C", work, "rev-parse", "HEAD"], env=env).stdout.strip()
    run(["git", "clone", "-q", "--bare", work, bare], env=env)
    run(["git", "-C", bare, "update-server-info"], env=env)
    return bare, commit


def _sha256(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


def build_oci_layout(directory, tag):
    """A one-layer OCI image layout at `directory` (oci:DIR:tag); returns the layer digest."""
    tar_bytes = io.BytesIO()
    with tarfile.open(fileobj=tar_bytes, mode="w", format=tarfile.PAX_FORMAT) as tar:
        noise, block = [], b"seed"
        for _ in range(8192):  # 256 KiB that gzip cannot shrink: several TCP windows through the proxy
            block = hashlib.sha256(block).digest()
            noise.append(block)
        files = {"hello.txt": b"hello from a tiny image\n", "data.bin": b"".join(noise)}
        for name, content in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            info.mtime = 1700000000
            info.mode = 0o644
            tar.addfile(info, io.BytesIO(content))
    layer_tar = tar_bytes.getvalue()
    layer = gzip.compress(layer_tar, mtime=0)
    config = json.dumps({
        "architecture": "amd64", "os": "linux", "config": {"Cmd": ["/hello.txt"]},
        "rootfs": {"type": "layers", "diff_ids": [_sha256(layer_tar)]},
    }).encode()
    manifest = json.dumps({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": _sha256(config),
                   "size": len(config)},
        "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": _sha256(layer),
                    "size": len(layer)}],
    }).encode()
    blobs = os.path.join(directory, "blobs", "sha256")
    os.makedirs(blobs, exist_ok=True)
    for blob in (layer, config, manifest):
        with open(os.path.join(blobs, hashlib.sha256(blob).hexdigest()), "wb") as f:
            f.write(blob)
    index = {"schemaVersion": 2, "manifests": [{
        "mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": _sha256(manifest),
        "size": len(manifest), "annotations": {"org.opencontainers.image.ref.name": tag}}]}
    with open(os.path.join(directory, "index.json"), "w") as f:
        json.dump(index, f)
    with open(os.path.join(directory, "oci-layout"), "w") as f:
        json.dump({"imageLayoutVersion": "1.0.0"}, f)
    return _sha256(layer)


class Registry:
    """docker-registry on 127.0.0.1 with TLS (the test PKI) and storage in `directory`.

    With `redirect_base`, blob GETs are answered with a redirect to redirect_base + the blob's path in
    the storage directory (distribution's redirect middleware), as Docker Hub sends blobs to its CDN.
    """

    def __init__(self, directory, pki, redirect_base=None):
        os.makedirs(directory, exist_ok=True)
        self.port = free_port()
        self.log_path = os.path.join(directory, "registry.log")
        config = os.path.join(directory, "config.yml")
        with open(config, "w") as f:
            f.write("version: 0.1\n"
                    "log: {level: info, accesslog: {disabled: false}}\n"
                    "storage: {filesystem: {rootdirectory: %s}, delete: {enabled: true}}\n"
                    "http: {addr: '127.0.0.1:%d', tls: {certificate: %s, key: %s}}\n"
                    % (self.storage(directory), self.port, pki.server_cert, pki.server_key))
            if redirect_base:
                f.write("middleware: {storage: [{name: redirect, options: {baseurl: '%s'}}]}\n" % redirect_base)
        self.log_file = open(self.log_path, "wb")
        self.process = subprocess.Popen(["docker-registry", "serve", config], stdout=self.log_file,
                                        stderr=subprocess.STDOUT)
        if not wait_for_port(self.port, process=self.process):
            raise RuntimeError("docker-registry did not start:\n" + self.log_text())

    @staticmethod
    def storage(directory):
        return os.path.join(directory, "storage")

    def log_text(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode(errors="replace")

    def blob_gets(self):
        """GET requests for blobs that the registry's access log shows so far."""
        return re.findall(r'"GET (/v2/[^" ]+/blobs/sha256:[0-9a-f]{64})[^"]*"', self.log_text())

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log_file.close()


def skopeo_policy(directory):
    path = os.path.join(directory, "policy.json")
    with open(path, "w") as f:
        json.dump({"default": [{"type": "insecureAcceptAnything"}]}, f)
    return path


def push_tiny_image(directory, registry, env):
    """Builds the OCI layout and pushes it to registry/test/tiny:1 directly (no proxy)."""
    layout = os.path.join(directory, "tiny-oci")
    layer_digest = build_oci_layout(layout, "1")
    run(["skopeo", "--policy", skopeo_policy(directory), "copy", "--quiet", "--dest-tls-verify=false",
         "oci:%s:1" % layout, "docker://127.0.0.1:%d/test/tiny:1" % registry.port], env=env)
    return layer_digest
