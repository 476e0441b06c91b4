#!/usr/bin/env python3
"""octobot-proxy with real clients (issue 3): curl, git, skopeo, raw sockets.

Usage: real_clients_test.py PATH/TO/octobot-proxy [unittest options, e.g. -v or a test name]

Each test method gets a fresh proxy (its own directory, ports, CA, cache and
logs); the upstreams are shared and built once in a temporary directory:
a test CA and server certificate, HTTP and HTTPS upstreams on 127.0.0.1 that
record what they received, raw TCP upstreams, a git repository served over
HTTPS (dumb protocol), and Debian's docker-registry with a tiny image pushed by
skopeo. Host names: "localhost" is the rule host (intercepted, credentials
injected), "127.0.0.1" is allowed without a rule (tunnelled), and the registry
is reached by a non-localhost name that /etc/hosts maps to loopback (Go clients
never use a proxy for localhost). A failure message ends with the proxy's
access log and stderr.
"""
import base64
import hashlib
import json
import os
import re
import secrets
import shutil
import socket
import ssl
import stat
import subprocess
import sys
import tempfile
import time
import queue
import threading
import unittest
import unittest.mock
import uuid

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import fixtures  # noqa: E402
from fixtures import wait_until  # noqa: E402
from proxy_process import BEARER_PLACEHOLDER, PLACEHOLDER, ProxyProcess  # noqa: E402

BINARY = os.environ.get("OCTOBOT_PROXY_BINARY", "")
DENIED_HOST = "denied.example.com"
UNRESOLVABLE_HOST = "no-such-host.test.internal"


class World:
    """The shared upstreams; built by setUpModule()."""
    root = None
    pki = None
    http = None
    http6 = None  # an HTTP upstream on [::1], when the machine has IPv6 loopback
    https = None
    eof = None
    echo = None
    burst = None
    alias = None  # a non-localhost name for loopback (the registry host), or None
    secret = None
    bearer_secret = None
    secret_file = None
    bearer_secret_file = None
    git_env = None
    git_commit = None
    registry = None
    registry_error = None
    cdn = None  # serves the redirecting registry's blobs
    cdn_registry = None
    cdn_registry_error = None
    proxy_count = 0


def clean_env(**extra):
    """The environment for clients: no inherited proxy settings, a private HOME."""
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env["HOME"] = os.path.join(World.root, "home")
    env.update(extra)
    return env


def setUpModule():
    World.root = tempfile.mkdtemp(prefix="octobot-proxy-clients-")
    os.makedirs(os.path.join(World.root, "home"), exist_ok=True)
    World.alias = fixtures.loopback_alias()
    names = ["localhost"] + ([World.alias] if World.alias else [])
    World.pki = fixtures.TestPki(os.path.join(World.root, "pki"), names, ["127.0.0.1", "::1"])
    World.secret = "sk-real-secret-" + secrets.token_hex(16)
    World.bearer_secret = "sk-real-bearer-" + secrets.token_hex(16)
    secret_dir = os.path.join(World.root, "secrets")
    os.makedirs(secret_dir)
    World.secret_file = os.path.join(secret_dir, "api-key")
    World.bearer_secret_file = os.path.join(secret_dir, "bearer")
    for path, value in ((World.secret_file, World.secret), (World.bearer_secret_file, World.bearer_secret)):
        with open(path, "w") as f:
            f.write(value + "\n")

    World.git_env = clean_env(GIT_CONFIG_NOSYSTEM="1", GIT_TERMINAL_PROMPT="0", GIT_AUTHOR_NAME="Test",
                              GIT_AUTHOR_EMAIL="test@example.com", GIT_COMMITTER_NAME="Test",
                              GIT_COMMITTER_EMAIL="test@example.com")
    git_dir = os.path.join(World.root, "git")
    os.makedirs(git_dir)
    _, World.git_commit = fixtures.make_git_repository(git_dir, World.git_env)

    World.http = fixtures.RecordingServer("http")
    World.https = fixtures.RecordingServer("https", tls_context=World.pki.server_context(), static_root=git_dir)
    try:
        World.http6 = fixtures.RecordingServer("http6", host="::1")
    except OSError:
        World.http6 = None  # no IPv6 loopback here
    World.eof = fixtures.EofReplyServer()
    World.echo = fixtures.EchoServer()
    World.burst = fixtures.BurstServer()


def tearDownModule():
    for server in (World.http, World.http6, World.https, World.eof, World.echo, World.burst, World.registry,
                   World.cdn_registry, World.cdn):
        if server is not None:
            server.stop()
    if World.root and not os.environ.get("KEEP_TEST_DIR"):
        shutil.rmtree(World.root, ignore_errors=True)


def registry():
    """The docker-registry fixture with test/tiny:1 pushed; built on first use."""
    if World.registry is None and World.registry_error is None:
        try:
            World.registry = fixtures.Registry(os.path.join(World.root, "registry"), World.pki)
            fixtures.push_tiny_image(os.path.join(World.root, "image"), World.registry, clean_env())
        except Exception as error:  # reported by the test that needed it
            World.registry_error = str(error)
    return World.registry


def redirecting_registry():
    """A second docker-registry, whose blob GETs redirect to World.cdn (as Docker Hub's go to its CDN),
    with test/tiny:1 pushed; built on first use."""
    if World.cdn_registry is None and World.cdn_registry_error is None:
        try:
            directory = os.path.join(World.root, "registry-cdn")
            # The redirect keeps only the base's scheme and host: https://127.0.0.1:PORT/docker/registry/v2/...
            blobs_root = os.path.join(fixtures.Registry.storage(directory), "docker")
            World.cdn = fixtures.RecordingServer("cdn", tls_context=World.pki.server_context(),
                                                 static_root=blobs_root, static_prefix="/docker/")
            World.cdn_registry = fixtures.Registry(directory, World.pki,
                                                   redirect_base="https://127.0.0.1:%d" % World.cdn.port)
            fixtures.push_tiny_image(os.path.join(World.root, "image-cdn"), World.cdn_registry, clean_env())
        except Exception as error:  # reported by the test that needed it
            World.cdn_registry_error = str(error)
    return World.cdn_registry


def default_policy():
    rules = [{
        "host": "localhost",
        "set_headers": {"x-added": "yes"},
        "remove_headers": ["x-remove-me"],
        "credentials": [
            {"header": "x-api-key", "placeholder": PLACEHOLDER, "value_file": World.secret_file},
            {"header": "authorization", "placeholder": BEARER_PLACEHOLDER, "value_file": World.bearer_secret_file},
        ],
    }]
    if World.alias:
        rules.append({"host": World.alias, "set_headers": {"x-octobot-test": "registry"}})
    return {
        "allow": {"hosts": ["localhost", "127.0.0.1", "::1", "*.test.internal"], "cidrs": ["127.0.0.0/8", "::1/128"]},
        "deny": {"cidrs": []},
        "rules": rules,
    }


def unique(prefix):
    return "/%s/%s" % (prefix, uuid.uuid4().hex[:12])


def header_values(record, name):
    return [v for k, v in record["headers"] if k == name]


def read_until_closed(sock, timeout=10):
    """Reads until the peer closes: (reply bytes, closed by the peer)."""
    sock.settimeout(timeout)
    reply = b""
    while True:
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            return reply, False
        except (ConnectionResetError, ssl.SSLError):
            return reply, True
        if not chunk:
            return reply, True
        reply += chunk


def response_count(reply):
    return len(re.findall(rb"(?:^|\n)HTTP/1\.[01] \d{3} ", reply))


class CurlResult:
    def __init__(self, completed, body):
        self.code = completed.returncode
        self.out = completed.stdout
        self.err = completed.stderr
        self.body = body
        self.status = None
        match = re.match(r"(\d{3})", completed.stdout or "")
        if match:
            self.status = int(match.group(1))

    def __repr__(self):
        return "curl exit %d, status %s, body %r, stderr %r" % (self.code, self.status, self.body[:300],
                                                                 self.err[-600:])


class ProxyTestCase(unittest.TestCase):
    maxDiff = None

    def setUp(self):
        self.proxies = []
        self.proxy = self.start_proxy()

    def tearDown(self):
        problems = [p.stop() for p in self.proxies]
        problems = [(p, problem) for p, problem in zip(self.proxies, problems) if problem]
        if problems:
            proxy, problem = problems[0]
            self.fail(problem + proxy.diagnostics())

    def start_proxy(self, policy=None, **options):
        World.proxy_count += 1
        directory = os.path.join(World.root, "proxy-%d-%s" % (World.proxy_count, self._testMethodName))
        proxy = ProxyProcess(BINARY, directory, policy or default_policy(), [World.pki.ca_cert], **options)
        self.proxies.append(proxy)
        return proxy.start()

    def why(self, message, proxy=None):
        return message + (proxy or self.proxy).diagnostics()

    # --- clients ----------------------------------------------------------------------------

    def curl(self, url, *options, proxy=None, scheme="http", env=None, timeout=60, write_out=""):
        """curl through the proxy (-x SCHEME://127.0.0.1:PORT); stdout is the status, then `write_out`."""
        proxy = proxy or self.proxy
        body_path = os.path.join(proxy.directory, "curl-body-%s" % uuid.uuid4().hex[:8])
        command = ["curl", "-q", "-sS", "--max-time", "30", "-x", "%s://127.0.0.1:%d" % (scheme, proxy.port),
                   "-o", body_path, "-w", "%{http_code}\n" + write_out, *options, url]
        completed = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env or clean_env())
        body = ""
        if os.path.exists(body_path):
            with open(body_path, "rb") as f:
                body = f.read().decode(errors="replace")
        return CurlResult(completed, body)

    def connect_tunnel(self, authority, proxy=None):
        """A raw CONNECT through the proxy: (socket, status code, response head)."""
        proxy = proxy or self.proxy
        sock = socket.create_connection(("127.0.0.1", proxy.port), timeout=15)
        sock.sendall(("CONNECT %s HTTP/1.1\r\nHost: %s\r\n\r\n" % (authority, authority)).encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = sock.recv(4096)
            if not chunk:
                break
            head += chunk
        match = re.match(rb"HTTP/1\.[01] (\d{3})", head)
        return sock, int(match.group(1)) if match else None, head

    def raw_plain(self, data, proxy=None, timeout=10):
        """Sends `data` to the proxy port as it is and reads until the proxy closes: (reply, closed)."""
        proxy = proxy or self.proxy
        with socket.create_connection(("127.0.0.1", proxy.port), timeout=15) as sock:
            sock.sendall(data)
            return read_until_closed(sock, timeout)

    def raw_mitm(self, data, proxy=None, timeout=10):
        """Sends `data` inside an intercepted tunnel to localhost (the rule host) and reads until the proxy
        closes: (reply, closed)."""
        proxy = proxy or self.proxy
        sock, status, head = self.connect_tunnel("localhost:%d" % World.https.port, proxy)
        self.assertEqual(status, 200, self.why("CONNECT localhost: %r" % head, proxy))
        context = ssl.create_default_context(cafile=proxy.ca_cert)
        with context.wrap_socket(sock, server_hostname="localhost") as tls:
            tls.sendall(data)
            return read_until_closed(tls, timeout)


    def assert_head_then_get_on_one_connection(self, base, *options):
        """HEAD of a resource whose header says chunked, then a GET, on one kept-alive connection through
        the proxy: the GET's response must arrive intact, so nothing may follow the body-less HEAD response."""
        head_path, get_path = unique("chunked"), unique("after-head")
        each = ["--max-time", "30", "-x", "http://127.0.0.1:%d" % self.proxy.port, *options]
        completed = subprocess.run(["curl", "-q", "-sS", "-v", *each, "-I", base + head_path,
                                    "--next", *each, base + get_path],
                                   capture_output=True, text=True, timeout=60, env=clean_env())
        self.assertEqual(completed.returncode, 0, self.why("HEAD then GET: %s" % completed.stderr[-1500:]))
        self.assertIn("transfer-encoding: chunked", completed.stdout.lower(), "the HEAD response lost its header")
        # curl skips bytes that follow a response without body and says so; other clients take them
        # for the next response.
        self.assertFalse("Excess found" in completed.stderr,
                         self.why("bytes followed the response to HEAD:\n" + completed.stderr[-1500:]))
        self.assertIn("hello from ", completed.stdout)
        self.assertIn(get_path, completed.stdout, self.why("the GET after HEAD got another answer"))
        self.assertIn("Re-using existing connection", completed.stderr,
                      self.why("curl did not keep the connection alive:\n" + completed.stderr[-1500:]))

    def proxy_ca_common_name(self, proxy=None):
        proxy = proxy or self.proxy
        subject = fixtures.run(["openssl", "x509", "-in", proxy.ca_cert, "-noout", "-subject", "-nameopt",
                                "RFC2253"]).stdout
        match = re.search(r"CN=((?:[^,\\\n]|\\.)+)", subject)
        self.assertIsNotNone(match, "the proxy CA has no common name: %r" % subject)
        return match.group(1)

    def assert_secret_never_logged(self, proxy=None):
        proxy = proxy or self.proxy
        for secret in (World.secret, World.bearer_secret):
            for name, text in (("access log", proxy.access_log_text()), ("stderr", proxy.stderr_text()),
                               ("stdout", proxy.stdout_text())):
                self.assertNotIn(secret, text, self.why("a real secret appears in the proxy's %s" % name, proxy))


class PlainHttpTest(ProxyTestCase):
    def test_forwards_plain_http_and_logs_it(self):
        path = unique("plain")
        result = self.curl("http://127.0.0.1:%d%s?q=1" % (World.http.port, path))
        self.assertEqual((result.code, result.status), (0, 200), self.why("GET through the proxy: %r" % result))
        self.assertEqual(result.body, "hello from http %s\n" % path)
        self.assertEqual(len(World.http.recorder.for_path(path)), 1, "the upstream saw the request once")
        entry = self.proxy.wait_for_entry(lambda e: e.get("path") == path)
        self.assertIsNotNone(entry, self.why("no access-log line with path %s (query string dropped)" % path))
        self.assertEqual((entry["decision"], entry["method"], entry["host"], entry["port"], entry["status"]),
                         ("allow", "GET", "127.0.0.1", World.http.port, 200), self.why("access-log line %r" % entry))

    def test_keep_alive_reuses_the_proxy_and_upstream_connections(self):
        first, second = unique("keepalive"), unique("keepalive")
        base = "http://127.0.0.1:%d" % World.http.port
        completed = subprocess.run(
            ["curl", "-q", "-sS", "-v", "--max-time", "30", "-x", "http://127.0.0.1:%d" % self.proxy.port,
             base + first, base + second], capture_output=True, text=True, timeout=60, env=clean_env())
        self.assertEqual(completed.returncode, 0, self.why("curl with two URLs: %s" % completed.stderr[-800:]))
        self.assertIn("hello from http %s" % first, completed.stdout)
        self.assertIn("hello from http %s" % second, completed.stdout)
        self.assertIn("Re-using existing connection", completed.stderr,
                      self.why("curl opened a second connection to the proxy instead of keeping the first alive:\n"
                               + completed.stderr[-1500:]))
        records = World.http.recorder.for_path(first) + World.http.recorder.for_path(second)
        self.assertEqual(len(records), 2)
        self.assertEqual(records[0]["connection"], records[1]["connection"],
                         self.why("the proxy opened a new upstream connection for the second request to the same host"))

    def test_chunked_bodies_are_relayed_both_ways(self):
        path = unique("chunked")
        result = self.curl("http://127.0.0.1:%d%s" % (World.http.port, path))
        self.assertEqual(result.status, 200, self.why("GET of a chunked response: %r" % result))
        expected = "".join("part %d of %s\n" % (i, path) for i in (1, 2, 3))
        self.assertEqual(result.body, expected, self.why("the chunked response body arrived changed"))
        path = unique("chunked-post")
        payload = "a chunked request body " * 50
        result = self.curl("http://127.0.0.1:%d%s" % (World.http.port, path), "-H", "Transfer-Encoding: chunked",
                           "--data-binary", payload)
        self.assertEqual(result.status, 200, self.why("POST with a chunked body: %r" % result))
        [record] = World.http.recorder.for_path(path)
        self.assertEqual(record["body"], payload.encode(), self.why("the upstream got another request body"))

    def test_response_to_head_gets_no_body_even_when_its_header_says_chunked(self):
        self.assert_head_then_get_on_one_connection("http://127.0.0.1:%d" % World.http.port)

    def test_ipv6_literal_destination(self):
        if World.http6 is None:
            self.skipTest("no IPv6 loopback")
        path = unique("ipv6")
        result = self.curl("http://[::1]:%d%s" % (World.http6.port, path))
        self.assertEqual(result.status, 200, self.why("GET http://[::1]:PORT through the proxy: %r" % result))
        self.assertEqual(len(World.http6.recorder.for_path(path)), 1)
        entry = self.proxy.wait_for_entry(lambda e: e.get("path") == path)
        self.assertIsNotNone(entry, self.why("no access-log line"))
        self.assertEqual(entry["host"], "::1", self.why("entry %r" % entry))

    def test_host_not_in_allowlist_gets_403_naming_it(self):
        result = self.curl("http://%s/anything" % DENIED_HOST)
        self.assertEqual(result.status, 403, self.why("request to a host outside the allowlist: %r" % result))
        self.assertIn(DENIED_HOST, result.body)
        self.assertIn("not in the allowlist", result.body)
        entry = self.proxy.wait_for_entry(lambda e: e.get("host") == DENIED_HOST)
        self.assertIsNotNone(entry, self.why("no access-log line for the denied host"))
        self.assertEqual((entry["decision"], entry["status"]), ("deny", 403), self.why("entry %r" % entry))

    def test_cleartext_request_to_rule_host_gets_rule_headers_but_never_the_secret(self):
        path = unique("cleartext")
        result = self.curl("http://localhost:%d%s" % (World.http.port, path), "-H", "x-api-key: " + PLACEHOLDER,
                           "-H", "x-remove-me: 1")
        self.assertEqual(result.status, 200, self.why("plain GET to the rule host: %r" % result))
        [record] = World.http.recorder.for_path(path)
        self.assertEqual(header_values(record, "x-api-key"), [PLACEHOLDER],
                         "on a cleartext connection the placeholder must not be replaced by the secret")
        self.assertEqual(header_values(record, "x-added"), ["yes"], "set_headers applies to plain HTTP")
        self.assertEqual(header_values(record, "x-remove-me"), [], "remove_headers applies to plain HTTP")
        self.assert_secret_never_logged()


class TunnelTest(ProxyTestCase):
    def test_connect_to_host_without_rule_is_tunnelled(self):
        path = unique("tunnel")
        result = self.curl("https://127.0.0.1:%d%s" % (World.https.port, path), "--cacert", World.pki.ca_cert,
                           "-H", "x-api-key: " + PLACEHOLDER, "-H", "x-remove-me: 1",
                           write_out="%{certs}")
        self.assertEqual((result.code, result.status), (0, 200), self.why("HTTPS via CONNECT: %r" % result))
        self.assertEqual(result.body, "hello from https %s\n" % path)
        self.assertIn("Octobot Test Upstream CA", result.out,
                      self.why("curl did not see the upstream's own certificate: %s" % result.out))
        [record] = World.https.recorder.for_path(path)
        self.assertEqual(header_values(record, "x-api-key"), [PLACEHOLDER],
                         "a placeholder sent to a host without a rule must arrive unchanged")
        self.assertEqual(header_values(record, "x-remove-me"), ["1"], "a tunnel changes no header")
        entry = self.proxy.wait_for_entry(lambda e: e.get("method") == "CONNECT" and e.get("port") == World.https.port)
        self.assertIsNotNone(entry, self.why("no access-log line for the tunnel"))
        self.assertEqual((entry["decision"], entry["host"], entry["status"]), ("tunnel", "127.0.0.1", 200),
                         self.why("entry %r" % entry))
        self.assertGreater(entry["bytes_up"], 0, self.why("tunnel bytes_up"))
        self.assertGreater(entry["bytes_down"], 0, self.why("tunnel bytes_down"))

    def test_half_close_through_tunnel_still_delivers_the_reply(self):
        sock, status, head = self.connect_tunnel("127.0.0.1:%d" % World.eof.port)
        with sock:
            self.assertEqual(status, 200, self.why("CONNECT answer %r" % head))
            sock.sendall(b"hello upstream")
            sock.shutdown(socket.SHUT_WR)
            reply = b""
            while True:
                try:
                    chunk = sock.recv(4096)
                except socket.timeout:
                    self.fail(self.why("no reply or EOF within 15 s after half-closing; got %r" % reply))
                if not chunk:
                    break
                reply += chunk
        self.assertEqual(reply, b"got 14 bytes: hello upstream",
                         self.why("the upstream's reply after the client's EOF did not come back through the tunnel"))


    def test_a_burst_then_silence_arrives_whole_through_a_tunnel(self):
        # The upstream writes 8 MiB and then waits for an answer. The client reads the first quarter at full
        # speed (the kernel grows the socket buffers), pauses while the rest lands in the proxy's buffers,
        # then reads on: no new data will arrive to wake the tunnel, it must drain what it holds.
        sock, status, head = self.connect_tunnel("127.0.0.1:%d" % World.burst.port)
        with sock:
            self.assertEqual(status, 200, self.why("CONNECT answer %r" % head))
            received = len(head) - (head.index(b"\r\n\r\n") + 4)
            paused = False
            while received < fixtures.BurstServer.BURST:
                if not paused and received >= fixtures.BurstServer.BURST // 4:
                    time.sleep(1)
                    paused = True
                try:
                    chunk = sock.recv(1 << 20)
                except socket.timeout:
                    self.fail(self.why("the tunnel stalled after %d of %d bytes"
                                       % (received, fixtures.BurstServer.BURST)))
                self.assertTrue(chunk, self.why("EOF after %d bytes" % received))
                received += len(chunk)
            sock.sendall(b"done")
            self.assertEqual(sock.recv(16), b"bye", self.why("the answer after the burst did not come back"))


class MitmTest(ProxyTestCase):
    def test_rule_host_is_intercepted_and_credentials_injected(self):
        path = unique("mitm")
        result = self.curl("https://localhost:%d%s" % (World.https.port, path), "--cacert", self.proxy.ca_cert,
                           "-H", "x-api-key: " + PLACEHOLDER, "-H", "Authorization: Bearer " + BEARER_PLACEHOLDER,
                           "-H", "x-remove-me: please", write_out="%{certs}")
        self.assertEqual((result.code, result.status), (0, 200), self.why("HTTPS to the rule host: %r" % result))
        self.assertEqual(result.body, "hello from https %s\n" % path)
        self.assertNotIn("Octobot Test Upstream CA", result.out, "curl saw the upstream's certificate: no MITM")
        self.assertIn(self.proxy_ca_common_name(), result.out, "the leaf certificate is not issued by the proxy's CA")
        [record] = World.https.recorder.for_path(path)
        self.assertEqual(header_values(record, "x-api-key"), [World.secret],
                         "the upstream must get the real secret in x-api-key")
        self.assertEqual(header_values(record, "authorization"), ["Bearer " + World.bearer_secret],
                         "the bearer placeholder must be replaced")
        self.assertEqual(header_values(record, "x-added"), ["yes"])
        self.assertEqual(header_values(record, "x-remove-me"), [])
        entry = self.proxy.wait_for_entry(lambda e: e.get("path") == path)
        self.assertIsNotNone(entry, self.why("no access-log line for the intercepted request"))
        self.assertEqual((entry["decision"], entry["rule"], entry["host"], entry["status"]),
                         ("mitm", "localhost", "localhost", 200), self.why("entry %r" % entry))
        self.assert_secret_never_logged()

    def test_request_bodies_and_100_continue_through_interception(self):
        payload = "x" * 100000
        for name, options in (("length", []), ("chunked", ["-H", "Transfer-Encoding: chunked"])):
            path = unique("mitm-post-" + name)
            result = self.curl("https://localhost:%d%s" % (World.https.port, path), "--cacert", self.proxy.ca_cert,
                               "-H", "Expect: 100-continue", "--data-binary", payload, *options)
            self.assertEqual(result.status, 200, self.why("POST (%s) with Expect: 100-continue: %r" % (name, result)))
            [record] = World.https.recorder.for_path(path)
            self.assertEqual(len(record["body"]), len(payload), self.why("%s body length at the upstream" % name))
            self.assertEqual(record["body"], payload.encode())
            self.assertEqual(header_values(record, "expect"), [], "the proxy answers 100-continue itself")

    def test_response_to_head_gets_no_body_even_when_its_header_says_chunked(self):
        self.assert_head_then_get_on_one_connection("https://localhost:%d" % World.https.port,
                                                    "--cacert", self.proxy.ca_cert)

    def test_a_new_client_connection_reuses_the_kept_upstream_connection(self):
        paths = [unique("kept-upstream"), unique("kept-upstream")]
        connections_before = World.https.recorder.connections
        for path in paths:  # two curl processes: two CONNECTs, two client TLS handshakes
            result = self.curl("https://localhost:%d%s" % (World.https.port, path), "--cacert", self.proxy.ca_cert,
                               "-H", "x-api-key: " + PLACEHOLDER)
            self.assertEqual(result.status, 200, self.why("GET %s: %r" % (path, result)))
        first, second = (World.https.recorder.for_path(path)[0] for path in paths)
        self.assertEqual(first["connection"], second["connection"],
                         self.why("the second client connection made a new upstream connection"))
        # The upstream's TLS 1.3 session tickets, already waiting when the first request is sent, must not
        # make the proxy take its fresh connection for a used one and dial again.
        self.assertEqual(World.https.recorder.connections - connections_before, 1,
                         self.why("two client connections took more than one upstream connection"))
        self.assertEqual(header_values(second, "x-api-key"), [World.secret],
                         "a request over a kept upstream connection must get its credential too")

    def test_a_kept_upstream_connection_is_not_used_once_the_policy_denies_its_address(self):
        url = "https://localhost:%d%%s" % World.https.port
        before = self.curl(url % unique("before-deny"), "--cacert", self.proxy.ca_cert)
        self.assertEqual(before.status, 200, self.why("GET before the change: %r" % before))
        status, body = self.proxy.api("PATCH", "/config", {"deny": {"cidrs": ["127.0.0.0/8", "::1/128"]}})
        self.assertEqual(status, 200, self.why("PATCH /config: %r" % body))
        path = unique("after-deny")
        after = self.curl(url % path, "--cacert", self.proxy.ca_cert)
        self.assertNotEqual(after.status, 200, self.why("a denied address was reached over a kept connection"))
        self.assertEqual(World.https.recorder.for_path(path), [], self.why("the upstream got the request"))

    def test_placeholder_for_a_host_without_rule_is_never_replaced(self):
        for url, cacert in (("https://127.0.0.1:%d" % World.https.port, World.pki.ca_cert),
                            ("http://127.0.0.1:%d" % World.http.port, None)):
            path = unique("other-host")
            options = ["-H", "x-api-key: " + PLACEHOLDER, "-H", "Authorization: Bearer " + BEARER_PLACEHOLDER]
            result = self.curl(url + path, *(options + (["--cacert", cacert] if cacert else [])))
            self.assertEqual(result.status, 200, self.why("%s: %r" % (url, result)))
            server = World.https if url.startswith("https") else World.http
            [record] = server.recorder.for_path(path)
            self.assertEqual(header_values(record, "x-api-key"), [PLACEHOLDER], url)
            self.assertEqual(header_values(record, "authorization"), ["Bearer " + BEARER_PLACEHOLDER], url)
        self.assert_secret_never_logged()

    def test_client_that_does_not_trust_the_proxy_ca_refuses(self):
        path = unique("untrusted")
        result = self.curl("https://localhost:%d%s" % (World.https.port, path), "-H", "x-api-key: " + PLACEHOLDER)
        self.assertEqual(result.code, 60, self.why("curl without the proxy CA should fail verification: %r" % result))
        self.assertEqual(World.https.recorder.for_path(path), [], "no request may reach the upstream")

    def test_websocket_upgrade_is_relayed_through_interception(self):
        sock, status, head = self.connect_tunnel("localhost:%d" % World.https.port)
        self.assertEqual(status, 200, self.why("CONNECT for the WebSocket: %r" % head))
        context = ssl.create_default_context(cafile=self.proxy.ca_cert)
        tls = context.wrap_socket(sock, server_hostname="localhost")
        key = base64.b64encode(os.urandom(16)).decode()
        tls.sendall(("GET /ws/echo HTTP/1.1\r\nHost: localhost:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n" % (World.https.port, key)).encode())
        response = b""
        while b"\r\n\r\n" not in response:
            chunk = tls.recv(4096)
            self.assertTrue(chunk, self.why("the connection closed during the WebSocket handshake: %r" % response))
            response += chunk
        head, _, early = response.partition(b"\r\n\r\n")
        self.assertTrue(head.startswith(b"HTTP/1.1 101"), self.why("the upgrade answer: %r" % head))
        expected_accept = base64.b64encode(hashlib.sha1((key + fixtures.WEBSOCKET_GUID).encode()).digest())
        self.assertIn(b"Sec-WebSocket-Accept: " + expected_accept, head)
        message = b"hello through the proxy"
        mask = os.urandom(4)
        tls.sendall(bytes([0x81, 0x80 | len(message)]) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(message)))
        frame = early
        while len(frame) < 2 + len(message):
            chunk = tls.recv(4096)
            if not chunk:
                break
            frame += chunk
        tls.close()
        self.assertEqual(frame[:2], bytes([0x81, len(message)]), self.why("the echoed frame header: %r" % frame))
        self.assertEqual(frame[2:2 + len(message)], message)

    def test_untrusted_upstream_certificate_gets_502_with_the_reason(self):
        World.proxy_count += 1
        directory = os.path.join(World.root, "proxy-%d-untrusted-upstream" % World.proxy_count)
        proxy = ProxyProcess(BINARY, directory, default_policy(), [])  # the upstream's CA is not trusted
        self.proxies.append(proxy)
        proxy.start()
        sock, status, head = self.connect_tunnel("localhost:%d" % World.https.port, proxy=proxy)
        sock.settimeout(5)
        rest = b""
        try:
            while True:
                chunk = sock.recv(4096)
                if not chunk:
                    break
                rest += chunk
        except socket.timeout:
            pass
        sock.close()
        text = (head + rest).decode(errors="replace")
        self.assertEqual(status, 502, self.why("CONNECT to an upstream with an untrusted certificate: %r" % text, proxy))
        self.assertIn("certificate verify failed", text, self.why("the 502 must say why", proxy))

    def test_client_sni_must_agree_with_the_connect_host(self):
        def handshake(server_name):
            command = ["openssl", "s_client", "-proxy", "127.0.0.1:%d" % self.proxy.port,
                       "-connect", "localhost:%d" % World.https.port, "-servername", server_name,
                       "-CAfile", self.proxy.ca_cert, "-verify_return_error", "-brief"]
            return subprocess.run(command, input="", capture_output=True, text=True, timeout=30, env=clean_env())
        agreed = handshake("localhost")
        self.assertEqual(agreed.returncode, 0, self.why("SNI = CONNECT host must work: %s" % agreed.stderr))
        mismatch = handshake("evil.test.internal")
        self.assertNotEqual(mismatch.returncode, 0, self.why("a different SNI must fail: %s" % mismatch.stderr))
        self.assertIn("unrecognized name", mismatch.stderr, self.why("the alert: %s" % mismatch.stderr))

    def test_sse_events_stream_through_without_buffering(self):
        gate_id = uuid.uuid4().hex
        gate = fixtures.SseGate(events=3, wait=10.0)
        World.https.sse_gates[gate_id] = gate
        command = ["curl", "-q", "-sS", "-N", "--max-time", "60", "-x", "http://127.0.0.1:%d" % self.proxy.port,
                   "--cacert", self.proxy.ca_cert, "https://localhost:%d/sse/%s" % (World.https.port, gate_id)]
        client = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=clean_env())
        lines = queue.Queue()

        def read_lines():
            for line in client.stdout:
                lines.put(line.decode(errors="replace"))
            lines.put(None)
        threading.Thread(target=read_lines, daemon=True).start()
        received = []
        try:
            for index in range(1, 4):
                while True:
                    try:
                        line = lines.get(timeout=15)
                    except queue.Empty:
                        self.fail(self.why("event %d did not reach the client within 15 s while the upstream held "
                                           "the stream open: the proxy buffers SSE (upstream sent %r, waited in "
                                           "vain for %r)" % (index, gate.sent, gate.timed_out)))
                    if line is None:
                        self.fail(self.why("the stream ended before event %d (upstream sent %r, timed out on %r; "
                                           "curl: %s)" % (index, gate.sent, gate.timed_out,
                                                          client.stderr.read().decode(errors="replace"))))
                    if line.startswith("data:"):
                        received.append(line.strip())
                        break
                self.assertEqual(received[-1], "data: event %d" % index)
                gate.received(index)
            client.wait(30)
        finally:
            if client.poll() is None:
                client.kill()
                client.wait()
            client.stdout.close()
            client.stderr.close()
        self.assertEqual(gate.timed_out, [], "the upstream waited in vain for the client to receive an event")
        self.assertEqual(client.returncode, 0, "curl -N ended with an error")


class HostBindingTest(ProxyTestCase):
    """A request's Host (and an absolute-form target) must name the host it is sent to (RFC 9112 §3.2.2):
    behind a shared front end Host picks the backend, so a mismatch could reach a denied host or hand the
    real key to another tenant. A mismatch is refused with 400 and nothing goes upstream; a Host naming
    the destination in another spelling is accepted and sent canonical; a missing Host is set."""

    def credential_headers(self):
        return "x-api-key: %s\r\nAuthorization: Bearer %s\r\n" % (PLACEHOLDER, BEARER_PLACEHOLDER)

    def assert_refused(self, reply, closed, server, path, what):
        self.assertTrue(reply.startswith(b"HTTP/1.1 400"), self.why("%s: expected 400, got %r" % (what, reply[:300])))
        self.assertEqual(response_count(reply), 1, self.why("%s: more than one response: %r" % (what, reply)))
        self.assertTrue(closed, self.why("%s: the proxy kept the connection open after the 400" % what))
        self.assertEqual(server.recorder.for_path(path), [], self.why("%s: the request went upstream" % what))

    def assert_secret_not_upstream(self, server, path):
        for record in server.recorder.for_path(path):
            for _, value in record["headers"]:
                self.assertNotIn(World.secret, value)
                self.assertNotIn(World.bearer_secret, value)

    def test_mitm_request_whose_host_names_another_host_is_refused_and_gets_no_key(self):
        port = World.https.port
        for host in (DENIED_HOST, "%s:%d" % (DENIED_HOST, port), "localhost:1", "localhost:%d" % (port + 1),
                     "localhost",  # port 443, not the tunnel's
                     "127.0.0.1:%d" % port,  # the same address under another name: another virtual host
                     "localhost.evil:%d" % port, "user@localhost:%d" % port, "LOCALHOST..:%d" % port):
            path = unique("mitm-host-mismatch")
            reply, closed = self.raw_mitm(("GET %s HTTP/1.1\r\nHost: %s\r\n%sConnection: close\r\n\r\n"
                                           % (path, host, self.credential_headers())).encode())
            self.assert_refused(reply, closed, World.https, path, "Host: %s inside the tunnel" % host)
            self.assertIn(b"the request goes to localhost:%d" % port, reply)
            entry = self.proxy.wait_for_entry(lambda e: e.get("path") == path)
            self.assertIsNotNone(entry, self.why("no access-log line for the refused request (Host: %s)" % host))
            self.assertEqual((entry["host"], entry["port"], entry["status"], entry["decision"]),
                             ("localhost", port, 400, "deny"), self.why("entry %r" % entry))
            self.assertIn("Host header", entry["error"], self.why("entry %r" % entry))
        self.assert_secret_never_logged()

    def test_mitm_host_in_another_spelling_is_sent_canonical_with_the_key(self):
        port = World.https.port
        for host in ("LOCALHOST:%d" % port, "localhost.:%d" % port, "LocalHost.:%d" % port, None):
            path = unique("mitm-host-variant")
            host_line = "Host: %s\r\n" % host if host else ""
            reply, _ = self.raw_mitm(("GET %s HTTP/1.1\r\n%s%sConnection: close\r\n\r\n"
                                      % (path, host_line, self.credential_headers())).encode())
            self.assertTrue(reply.startswith(b"HTTP/1.1 200"), self.why("Host: %s: %r" % (host, reply[:300])))
            [record] = World.https.recorder.for_path(path)
            self.assertEqual(header_values(record, "host"), ["localhost:%d" % port],
                             "the upstream must see the destination as Host (client sent %r)" % host)
            self.assertEqual(header_values(record, "x-api-key"), [World.secret], "Host %r names the rule host" % host)
            entry = self.proxy.wait_for_entry(lambda e: e.get("path") == path)
            self.assertIsNotNone(entry, self.why("no access-log line"))
            self.assertEqual((entry["host"], entry["status"], entry["decision"]), ("localhost", 200, "mitm"),
                             self.why("entry %r" % entry))

    def test_mitm_absolute_form_target_must_name_the_tunnel_destination(self):
        port = World.https.port
        for target_host in (DENIED_HOST + ":%d" % port, "127.0.0.1:%d" % port, "localhost:1", "localhost"):
            path = unique("mitm-absolute-mismatch")
            reply, closed = self.raw_mitm(("GET https://%s%s HTTP/1.1\r\nHost: localhost:%d\r\n%s"
                                           "Connection: close\r\n\r\n"
                                           % (target_host, path, port, self.credential_headers())).encode())
            self.assert_refused(reply, closed, World.https, path, "target https://%s%s" % (target_host, path))
            self.assertIn(b"the request target names", reply)
        path = unique("mitm-absolute-same")
        reply, _ = self.raw_mitm(("GET https://LOCALHOST:%d%s?q=1 HTTP/1.1\r\n%sConnection: close\r\n\r\n"
                                  % (port, path, self.credential_headers())).encode())
        self.assertTrue(reply.startswith(b"HTTP/1.1 200"), self.why("absolute-form to the destination: %r" % reply))
        [record] = World.https.recorder.for_path(path)
        self.assertEqual(header_values(record, "host"), ["localhost:%d" % port])
        self.assertEqual(header_values(record, "x-api-key"), [World.secret])
        self.assert_secret_never_logged()

    def test_plain_absolute_form_with_a_mismatching_host_is_refused(self):
        port = World.http.port
        for url_host, host in (("127.0.0.1:%d" % port, DENIED_HOST),
                               ("127.0.0.1:%d" % port, "localhost:%d" % port),
                               ("localhost:%d" % port, "127.0.0.1:%d" % port),
                               ("localhost:%d" % port, "localhost"),  # port 80
                               ("localhost:%d" % port, "localhost:%d" % (port + 1))):
            path = unique("plain-host-mismatch")
            reply, closed = self.raw_plain(("GET http://%s%s HTTP/1.1\r\nHost: %s\r\nx-api-key: %s\r\n\r\n"
                                            % (url_host, path, host, PLACEHOLDER)).encode())
            self.assert_refused(reply, closed, World.http, path, "http://%s with Host: %s" % (url_host, host))
            entry = self.proxy.wait_for_entry(lambda e: e.get("path") == path)
            self.assertIsNotNone(entry, self.why("no access-log line for the refused request"))
            self.assertEqual((entry["host"], entry["status"], entry["decision"]),
                             (url_host.rsplit(":", 1)[0], 400, "deny"), self.why("entry %r" % entry))

    def test_plain_absolute_form_sends_the_url_authority_as_host(self):
        port = World.http.port
        for host in ("LOCALHOST.:%d" % port, "localhost:%d" % port, None):
            path = unique("plain-host-variant")
            host_line = "Host: %s\r\n" % host if host else ""
            reply, _ = self.raw_plain(("GET http://localhost:%d%s HTTP/1.1\r\n%sx-api-key: %s\r\n"
                                       "Connection: close\r\n\r\n" % (port, path, host_line, PLACEHOLDER)).encode())
            self.assertTrue(reply.startswith(b"HTTP/1.1 200"), self.why("Host %r: %r" % (host, reply[:300])))
            [record] = World.http.recorder.for_path(path)
            self.assertEqual(header_values(record, "host"), ["localhost:%d" % port])
            self.assertEqual(header_values(record, "x-api-key"), [PLACEHOLDER], "no secret on cleartext")
            entry = self.proxy.wait_for_entry(lambda e: e.get("path") == path)
            self.assertEqual(entry and entry["host"], "localhost", self.why("entry %r" % entry))

    def test_duplicate_host_is_refused(self):
        for first, second in (("localhost:%d", "localhost:%d"), ("localhost:%d", DENIED_HOST),
                              (DENIED_HOST, "localhost:%d")):
            first = first % World.https.port if "%d" in first else first
            second = second % World.https.port if "%d" in second else second
            path = unique("mitm-duplicate-host")
            reply, closed = self.raw_mitm(("GET %s HTTP/1.1\r\nHost: %s\r\nHost: %s\r\n%s"
                                           "Connection: close\r\n\r\n"
                                           % (path, first, second, self.credential_headers())).encode())
            self.assert_refused(reply, closed, World.https, path, "two Host headers inside the tunnel")
            self.assertIn(b"only one Host", reply)
            path = unique("plain-duplicate-host")
            reply, closed = self.raw_plain(("GET http://localhost:%d%s HTTP/1.1\r\nHost: localhost:%d\r\n"
                                            "Host: %s\r\n\r\n" % (World.http.port, path, World.http.port,
                                                                      second)).encode())
            self.assert_refused(reply, closed, World.http, path, "two Host headers on a forwarded request")
        self.assert_secret_never_logged()


# Framings Boost.Beast takes for "no body" (or reads by Content-Length while Transfer-Encoding says
# otherwise), so that the body would run as the next request; "%(length)d" is the smuggled request's size.
SMUGGLING_FRAMINGS = [
    "Transfer-Encoding: xchunked",
    "Transfer-Encoding: chunked, identity",
    'Transfer-Encoding: "chunked"',
    "Transfer-Encoding: identity",
    "Transfer-Encoding: gzip",
    "Transfer-Encoding: gzip, chunked",
    "Transfer-Encoding: chunked;ext=1",
    "Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked",
    "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked",
    "Transfer-Encoding: gzip\r\nContent-Length: %(length)d",
    "Transfer-Encoding: identity\r\nContent-Length: 0",
    "Content-Length: %(length)d\r\nTransfer-Encoding: chunked",
    "Transfer-Encoding: chunked\r\nContent-Length: 0",
    "Content-Length: 0\r\nContent-Length: 0",
    "Content-Length: 0, 0",
    "Content-Length: 0\r\nContent-Length: %(length)d",
]


class SmugglingTest(ProxyTestCase):
    """Request smuggling through Transfer-Encoding and Content-Length (RFC 9112 §6.3): a request whose
    framing is not exactly one of chunked, one Content-Length or none gets 400 and the connection closes;
    neither it nor the request hidden in its body reaches an upstream."""

    def assert_not_smuggled(self, send, server, first_path, smuggled_path, framing):
        what = "framing %r" % framing
        reply, closed = send()
        self.assertTrue(reply.startswith(b"HTTP/1.1 400"), self.why("%s: expected 400, got %r" % (what, reply[:300])))
        self.assertEqual(response_count(reply), 1, self.why("%s: a second response came: %r" % (what, reply)))
        self.assertTrue(closed, self.why("%s: the connection stayed open after the 400" % what))
        time.sleep(0.2)  # an upstream that got the smuggled request would have recorded it by now
        self.assertEqual(server.recorder.for_path(smuggled_path), [], self.why("%s: the smuggled request ran" % what))
        self.assertEqual(server.recorder.for_path(first_path), [], self.why("%s: the request went upstream" % what))

    def test_forwarded_requests_with_ambiguous_framing_are_refused(self):
        authority = "127.0.0.1:%d" % World.http.port
        for framing in SMUGGLING_FRAMINGS + ["HTTP/1.0 Transfer-Encoding: chunked"]:
            first, smuggled_path = unique("smuggle-first"), unique("smuggled")
            smuggled = "GET http://%s%s HTTP/1.1\r\nHost: %s\r\n\r\n" % (authority, smuggled_path, authority)
            version, fields = ("1.0", framing.split(" ", 1)[1]) if framing.startswith("HTTP/1.0") else ("1.1", framing)
            head = "POST http://%s%s HTTP/%s\r\nHost: %s\r\n%s\r\n\r\n" % (
                authority, first, version, authority, fields % {"length": len(smuggled)})
            self.assert_not_smuggled(lambda: self.raw_plain((head + smuggled).encode()), World.http, first,
                                     smuggled_path, framing)

    def test_intercepted_requests_with_ambiguous_framing_are_refused(self):
        authority = "localhost:%d" % World.https.port
        for framing in SMUGGLING_FRAMINGS:
            first, smuggled_path = unique("mitm-smuggle-first"), unique("mitm-smuggled")
            smuggled = "GET %s HTTP/1.1\r\nHost: %s\r\nx-api-key: %s\r\n\r\n" % (smuggled_path, authority,
                                                                                      PLACEHOLDER)
            head = "POST %s HTTP/1.1\r\nHost: %s\r\n%s\r\n\r\n" % (first, authority,
                                                                    framing % {"length": len(smuggled)})
            self.assert_not_smuggled(lambda: self.raw_mitm((head + smuggled).encode()), World.https, first,
                                     smuggled_path, framing)
            entry = self.proxy.wait_for_entry(lambda e: e.get("path") == first)
            self.assertIsNotNone(entry, self.why("no access-log line for the refused request (%r)" % framing))
            self.assertEqual((entry["status"], entry["decision"]), (400, "deny"), self.why("entry %r" % entry))

    def test_a_connection_option_cannot_strip_the_framing_of_a_relayed_body(self):
        # "Connection: content-length" (or transfer-encoding) must not make the proxy drop the field that
        # frames the body it relays: the upstream would read the body as the next request.
        for scheme in ("http", "https"):
            server = World.http if scheme == "http" else World.https
            authority = "localhost:%d" % server.port
            for option in ("content-length", "transfer-encoding", "Content-Length, Transfer-Encoding"):
                first, smuggled_path = unique("conn-option-first"), unique("conn-option-smuggled")
                smuggled = "GET %s HTTP/1.1\r\nHost: %s\r\nx-api-key: %s\r\n\r\n" % (
                    smuggled_path, authority, PLACEHOLDER)
                if option == "transfer-encoding":
                    body = "%x\r\n%s\r\n0\r\n\r\n" % (len(smuggled), smuggled)
                    framing = "Transfer-Encoding: chunked"
                else:
                    body, framing = smuggled, "Content-Length: %d" % len(smuggled)
                target = ("http://" + authority + first) if scheme == "http" else first
                request = ("POST %s HTTP/1.1\r\nHost: %s\r\n%s\r\nConnection: close, %s\r\n\r\n%s"
                           % (target, authority, framing, option, body)).encode()
                reply, _ = (self.raw_plain if scheme == "http" else self.raw_mitm)(request)
                what = "%s with Connection: %s" % (scheme, option)
                self.assertTrue(reply.startswith(b"HTTP/1.1 200"), self.why("%s: %r" % (what, reply[:300])))
                [record] = server.recorder.for_path(first)
                self.assertEqual(record["body"], smuggled.encode(), self.why("%s: the upstream got another body"
                                                                             % what))
                time.sleep(0.2)
                self.assertEqual(server.recorder.for_path(smuggled_path), [],
                                 self.why("%s: the body ran as a request upstream" % what))

    def test_a_well_framed_request_still_passes_on_a_kept_alive_connection(self):
        authority = "localhost:%d" % World.https.port
        first, second = unique("framed-first"), unique("framed-second")
        body = "hello"
        data = ("POST %s HTTP/1.1\r\nHost: %s\r\nTransfer-Encoding: Chunked\r\n\r\n%x\r\n%s\r\n0\r\n\r\n"
                "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n"
                % (first, authority, len(body), body, second, authority)).encode()
        reply, _ = self.raw_mitm(data)
        self.assertEqual(response_count(reply), 2, self.why("two pipelined requests: %r" % reply))
        [record] = World.https.recorder.for_path(first)
        self.assertEqual(record["body"], body.encode())
        self.assertEqual(len(World.https.recorder.for_path(second)), 1)


class Socks5Test(ProxyTestCase):
    def test_socks5_reaches_http_and_https_upstreams(self):
        cases = [
            ("http://127.0.0.1:%d" % World.http.port, [], World.http, "socks-http"),
            ("https://127.0.0.1:%d" % World.https.port, ["--cacert", World.pki.ca_cert], World.https, "socks-tunnel"),
            ("https://localhost:%d" % World.https.port, ["--cacert", self.proxy.ca_cert,
                                                         "-H", "x-api-key: " + PLACEHOLDER], World.https, "socks-mitm"),
        ]
        for base, options, server, name in cases:
            path = unique(name)
            result = self.curl(base + path, *options, scheme="socks5h")
            self.assertEqual((result.code, result.status), (0, 200), self.why("socks5h to %s: %r" % (base, result)))
            self.assertIn(path, result.body)
            [record] = server.recorder.for_path(path)
            if name == "socks-mitm":
                self.assertEqual(header_values(record, "x-api-key"), [World.secret], "MITM over SOCKS5 injects")
        entries = wait_until(lambda: [e for e in self.proxy.access_entries() if e.get("protocol") == "socks5"])
        self.assertTrue(entries, self.why("no access-log line with protocol socks5"))
        self.assert_secret_never_logged()

    def test_socks5_address_types(self):
        cases = [("socks5", "http://127.0.0.1:%d" % World.http.port, World.http),      # IPv4 address
                 ("socks5h", "http://127.0.0.1:%d" % World.http.port, World.http)]     # domain name "127.0.0.1"
        if World.http6 is not None:
            cases.append(("socks5", "http://[::1]:%d" % World.http6.port, World.http6))  # IPv6 address
        for scheme, base, server in cases:
            path = unique("socks-type")
            result = self.curl(base + path, scheme=scheme)
            self.assertEqual((result.code, result.status), (0, 200), self.why("%s to %s: %r" % (scheme, base, result)))
            self.assertEqual(len(server.recorder.for_path(path)), 1)

    def test_socks5_plain_http_to_a_rule_host(self):
        # A SOCKS5 client may speak plain HTTP to a host that has a rule: the
        # proxy cannot assume TLS there.
        path = unique("socks-plain-rule")
        result = self.curl("http://localhost:%d%s" % (World.http.port, path), "-H", "x-api-key: " + PLACEHOLDER,
                           scheme="socks5h")
        self.assertEqual((result.code, result.status), (0, 200),
                         self.why("plain HTTP over SOCKS5 to the rule host localhost: %r" % result))
        [record] = World.http.recorder.for_path(path)
        self.assertNotIn(World.secret, [v for _, v in record["headers"]], "a secret went out in cleartext")

    def test_socks5_denied_host_is_refused_and_logged(self):
        result = self.curl("http://%s/" % DENIED_HOST, scheme="socks5h")
        self.assertEqual(result.code, 97, self.why("curl should report the SOCKS5 refusal (exit 97): %r" % result))
        entry = self.proxy.wait_for_entry(lambda e: e.get("host") == DENIED_HOST)
        self.assertIsNotNone(entry, self.why("no access-log line for the refused SOCKS5 request"))
        self.assertEqual((entry["decision"], entry["protocol"]), ("deny", "socks5"), self.why("entry %r" % entry))


class GitTest(ProxyTestCase):
    def clone(self, url, cainfo):
        destination = os.path.join(self.proxy.directory, "clone-" + uuid.uuid4().hex[:8])
        env = dict(World.git_env, https_proxy="http://127.0.0.1:%d" % self.proxy.port,
                   HTTPS_PROXY="http://127.0.0.1:%d" % self.proxy.port, GIT_SSL_CAINFO=cainfo)
        completed = subprocess.run(["git", "clone", "-q", url, destination], capture_output=True, text=True,
                                   timeout=120, env=env)
        self.assertEqual(completed.returncode, 0, self.why("git clone %s: %s" % (url, completed.stderr)))
        head = fixtures.run(["git", "-C", destination, "rev-parse", "HEAD"], env=World.git_env).stdout.strip()
        self.assertEqual(head, World.git_commit, "the clone has the wrong commit")
        with open(os.path.join(destination, "README.md")) as readme:
            self.assertEqual(readme.read(), "cloned through octobot-proxy\n")

    def test_git_clone_through_interception(self):
        self.clone("https://localhost:%d/git/repo.git" % World.https.port, self.proxy.ca_cert)
        entry = self.proxy.wait_for_entry(lambda e: e.get("path") == "/git/repo.git/info/refs")
        self.assertIsNotNone(entry, self.why("git's requests were not intercepted (no /git/repo.git/info/refs line)"))
        self.assertEqual(entry["decision"], "mitm", self.why("entry %r" % entry))

    def test_git_clone_through_tunnel(self):
        self.clone("https://127.0.0.1:%d/git/repo.git" % World.https.port, World.pki.ca_cert)
        entry = self.proxy.wait_for_entry(lambda e: e.get("decision") == "tunnel" and e.get("port") == World.https.port)
        self.assertIsNotNone(entry, self.why("no tunnel line for git's CONNECT"))


class RegistryCacheTest(ProxyTestCase):
    def copy_image(self, destination, port=None):
        cert_dir = os.path.join(self.proxy.directory, "trust")
        os.makedirs(cert_dir, exist_ok=True)
        shutil.copy(self.proxy.ca_cert, os.path.join(cert_dir, "octobot-proxy-ca.crt"))
        proxy_url = "http://127.0.0.1:%d" % self.proxy.port
        env = clean_env(HTTPS_PROXY=proxy_url, https_proxy=proxy_url)
        source = "docker://%s:%d/test/tiny:1" % (World.alias, port or World.registry.port)
        completed = subprocess.run(
            ["skopeo", "--policy", fixtures.skopeo_policy(self.proxy.directory), "copy", "--retry-times", "0",
             "--src-cert-dir", cert_dir, source, "dir:" + destination],
            capture_output=True, text=True, timeout=180, env=env)
        self.assertEqual(completed.returncode, 0, self.why("skopeo copy %s through the proxy: %s"
                                                           % (source, completed.stderr[-2000:])))

    def test_second_pull_makes_no_blob_requests_upstream(self):
        if World.alias is None:
            self.skipTest("no non-localhost name resolves to loopback here (skopeo bypasses proxies for localhost)")
        if registry() is None:
            self.fail("the docker-registry fixture failed: " + World.registry_error)
        before = len(World.registry.blob_gets())
        first = os.path.join(self.proxy.directory, "pull-1")
        self.copy_image(first)
        after_first = World.registry.blob_gets()[before:]
        self.assertGreaterEqual(len(after_first), 2, self.why("the first pull fetched no blobs from the registry?"))
        mitm = [e for e in self.proxy.access_entries() if "/blobs/" in e.get("path", "")]
        self.assertTrue(mitm, self.why("the blob requests were not intercepted (no access-log line with /blobs/)"))

        second = os.path.join(self.proxy.directory, "pull-2")
        self.copy_image(second)
        after_second = World.registry.blob_gets()[before + len(after_first):]
        self.assertEqual(after_second, [], self.why("the second pull reached the registry for blobs (the cache "
                                                    "should have served them): %r" % after_second))
        self.assertEqual(sorted(os.listdir(first)), sorted(os.listdir(second)))
        for name in os.listdir(first):
            with open(os.path.join(first, name), "rb") as a, open(os.path.join(second, name), "rb") as b:
                self.assertEqual(a.read(), b.read(), "%s differs between the two pulls" % name)
        hits = [e for e in self.proxy.access_entries() if e.get("decision") == "cache-hit"]
        self.assertGreaterEqual(len(hits), 2, self.why("no cache-hit lines in the access log for the second pull"))
        status, stats = self.proxy.api("GET", "/cache/stats")
        self.assertEqual(status, 200, self.why("GET /cache/stats: %r" % stats))


    def test_registry_redirecting_blobs_to_a_cdn_is_cached_too(self):
        if World.alias is None:
            self.skipTest("no non-localhost name resolves to loopback here (skopeo bypasses proxies for localhost)")
        if redirecting_registry() is None:
            self.fail("the redirecting docker-registry fixture failed: " + World.cdn_registry_error)
        def cdn_gets():
            return [r for r in World.cdn.recorder.all() if r["method"] == "GET"]

        before = len(cdn_gets())
        first = os.path.join(self.proxy.directory, "cdn-pull-1")
        self.copy_image(first, World.cdn_registry.port)
        from_cdn = cdn_gets()[before:]
        self.assertGreaterEqual(len(from_cdn), 2, self.why("the blobs of the first pull did not come from the CDN"))
        for record in from_cdn:
            self.assertEqual(header_values(record, "authorization"), [], self.why("Authorization reached the CDN"))

        second = os.path.join(self.proxy.directory, "cdn-pull-2")
        self.copy_image(second, World.cdn_registry.port)
        self.assertEqual(cdn_gets()[before + len(from_cdn):], [],
                         self.why("the second pull fetched blobs from the CDN again (the cache should serve them)"))
        for name in os.listdir(first):
            with open(os.path.join(first, name), "rb") as a, open(os.path.join(second, name), "rb") as b:
                self.assertEqual(a.read(), b.read(), "%s differs between the two pulls" % name)


class BlobCacheTest(ProxyTestCase):
    """The registry cache against the recording upstream, whose blob bytes the test chooses."""

    def fetch(self, path):
        return self.curl("https://localhost:%d%s" % (World.https.port, path), "--cacert", self.proxy.ca_cert,
                         write_out="%header{x-cache}")

    def test_blob_is_served_from_cache_by_digest(self):
        content = secrets.token_bytes(300000)
        path = "/v2/test/cached/blobs/sha256:" + hashlib.sha256(content).hexdigest()
        World.https.blobs[path] = content
        first = self.fetch(path)
        self.assertEqual(first.status, 200, self.why("first GET %s: %r" % (path, first)))
        self.assertEqual(first.out.split("\n")[1], "MISS", self.why("X-Cache of the first GET: %r" % first.out))
        second = self.fetch(path)
        self.assertEqual(second.status, 200, self.why("second GET: %r" % second))
        self.assertEqual(second.out.split("\n")[1], "HIT", self.why("X-Cache of the second GET: %r" % second.out))
        self.assertEqual(len(World.https.recorder.for_path(path)), 1, self.why("the second GET reached the upstream"))
        entry = self.proxy.wait_for_entry(lambda e: e.get("path") == path and e.get("decision") == "cache-hit")
        self.assertIsNotNone(entry, self.why("no cache-hit line in the access log"))

    def test_blob_redirected_to_a_cdn_is_fetched_by_the_proxy_and_cached(self):
        content = secrets.token_hex(150000).encode()
        digest = hashlib.sha256(content).hexdigest()
        path = "/v2/test/redirected/blobs/sha256:" + digest
        cdn_path = "/cdn/blobs/" + digest
        World.https.redirects[path] = "https://127.0.0.1:%d%s?signature=s1gned" % (World.https.port, cdn_path)
        World.https.blobs[cdn_path] = content
        first = self.curl("https://localhost:%d%s" % (World.https.port, path), "--cacert", self.proxy.ca_cert,
                          "-H", "Authorization: Bearer registry-token", write_out="%header{x-cache}")
        self.assertEqual(first.status, 200, self.why("GET of a redirected blob: %r" % first))
        self.assertEqual(first.out.split("\n")[1], "MISS", self.why("X-Cache of the first GET: %r" % first.out))
        self.assertEqual(first.body.encode(), content, self.why("the blob arrived changed"))
        [cdn_request] = World.https.recorder.for_path(cdn_path)
        self.assertEqual(header_values(cdn_request, "authorization"), [],
                         self.why("the registry's Authorization went to the CDN host"))
        second = self.fetch(path)
        self.assertEqual(second.status, 200, self.why("second GET: %r" % second))
        self.assertEqual(second.out.split("\n")[1], "HIT", self.why("X-Cache of the second GET: %r" % second.out))
        self.assertEqual(len(World.https.recorder.for_path(path)), 1, self.why("the second GET reached the registry"))
        self.assertEqual(len(World.https.recorder.for_path(cdn_path)), 1, self.why("the second GET reached the CDN"))

    def test_redirect_to_a_host_outside_the_allowlist_is_passed_to_the_client(self):
        digest = hashlib.sha256(b"never fetched").hexdigest()
        path = "/v2/test/elsewhere/blobs/sha256:" + digest
        location = "https://%s/blobs/%s" % (DENIED_HOST, digest)
        World.https.redirects[path] = location
        result = self.curl("https://localhost:%d%s" % (World.https.port, path), "--cacert", self.proxy.ca_cert,
                           write_out="%header{location}")
        self.assertEqual(result.status, 307, self.why("a redirect to a denied host: %r" % result))
        self.assertEqual(result.out.split("\n")[1], location, self.why("the Location the client got: %r" % result.out))

    def test_digest_mismatch_is_never_cached(self):
        claimed = hashlib.sha256(b"the bytes the digest promises").hexdigest()
        path = "/v2/test/lying/blobs/sha256:" + claimed
        World.https.blobs[path] = b"other bytes entirely" * 1000
        for attempt in (1, 2):
            result = self.fetch(path)
            self.assertNotEqual(result.out.split("\n")[1:2], ["HIT"],
                                self.why("attempt %d: a blob whose bytes do not match its digest was cached" % attempt))
        self.assertEqual(len(World.https.recorder.for_path(path)), 2,
                         self.why("both GETs of a mismatching blob must go to the upstream"))
        status, stats = self.proxy.api("GET", "/cache/stats")
        self.assertEqual(status, 200)
        self.assertNotIn(claimed, str(stats))

    def test_kill_9_during_a_fill_caches_nothing_partial_and_the_next_start_recovers(self):
        content = secrets.token_hex(12 * 1024 * 1024).encode()  # 24 MiB of text, comparable as curl's body
        path = "/v2/test/killed/blobs/sha256:" + hashlib.sha256(content).hexdigest()
        World.https.blobs[path] = content
        partial = os.path.join(self.proxy.directory, "partial-body")
        # A client reading at 4 MiB/s keeps the proxy in the middle of filling the cache.
        slow = subprocess.Popen(["curl", "-q", "-sS", "--max-time", "60", "--limit-rate", "4M", "-x",
                                 "http://127.0.0.1:%d" % self.proxy.port, "--cacert", self.proxy.ca_cert,
                                 "-o", partial, "https://localhost:%d%s" % (World.https.port, path)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=clean_env())
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and (not os.path.exists(partial) or os.path.getsize(partial) < 2 << 20):
            time.sleep(0.05)
        temp_dir = os.path.join(self.proxy.config["cache"]["dir"], "tmp")
        self.assertTrue(os.listdir(temp_dir), self.why("no fill in progress when the proxy was to be killed"))
        self.proxy.kill_hard()
        slow.wait(30)
        self.assertNotEqual(slow.returncode, 0, "curl took a body cut short by kill -9 for a whole one")
        self.assertLess(os.path.getsize(partial), len(content))

        self.proxy.start()
        self.assertEqual(os.listdir(temp_dir), [], self.why("the killed fill's temp file survived the restart"))
        first = self.fetch(path)
        self.assertEqual((first.status, first.out.split("\n")[1]), (200, "MISS"),
                         self.why("GET after the restart: %r" % first))
        self.assertTrue(first.body.encode() == content, self.why("the blob fetched after the restart arrived changed"))
        second = self.fetch(path)
        self.assertEqual((second.status, second.out.split("\n")[1]), (200, "HIT"), self.why("%r" % second))
        self.assertTrue(second.body.encode() == content, self.why("the cached blob differs from the upstream's"))
        self.assertEqual(len(World.https.recorder.for_path(path)), 2,
                         self.why("expected the killed fetch and one after the restart to reach the upstream"))
        self.assertIsNotNone(self.proxy.wait_for_entry(lambda e: e.get("decision") == "cache-hit"))
        torn = [e for e in self.proxy.access_entries() if "unparsable" in e]
        self.assertEqual(torn, [], self.why("kill -9 left a torn access-log line"))


class ControlApiTest(ProxyTestCase):
    def narrow_proxy(self):
        """A proxy that allows only localhost (no rules): 127.0.0.1 starts denied."""
        return self.start_proxy({"allow": {"hosts": ["localhost"], "cidrs": ["127.0.0.0/8"]}, "deny": {"cidrs": []},
                                 "rules": []}, cache=False)

    def test_requests_without_a_valid_token_get_401(self):
        for token in (None, "Bearer wrong-token-0123456789", "Basic " + self.proxy.token, self.proxy.token):
            for method, path in (("GET", "/health"), ("GET", "/config"), ("PUT", "/config"), ("DELETE", "/cache")):
                status, body = self.proxy.api(method, path, token=token, body={} if method == "PUT" else None)
                self.assertEqual(status, 401, self.why("%s %s with Authorization %r: %s %r"
                                                       % (method, path, token, status, body)))
        status, body = self.proxy.api("GET", "/health")
        self.assertEqual(status, 200, self.why("GET /health with the token: %r" % body))
        self.assertEqual(body.get("status"), "ok")

    def test_config_view_redacts_secrets(self):
        status, body = self.proxy.api("GET", "/config")
        self.assertEqual(status, 200, self.why("GET /config: %r" % body))
        text = str(body)
        self.assertIn("<redacted>", text)
        self.assertNotIn(World.secret, text)
        self.assertNotIn(World.bearer_secret, text)
        self.assertNotIn(self.proxy.token, text, "the API token is shown")

    def test_patch_allows_a_host_at_once_and_keeps_open_tunnels(self):
        proxy = self.narrow_proxy()
        tunnel, status, head = self.connect_tunnel("localhost:%d" % World.echo.port, proxy)
        with tunnel:
            self.assertEqual(status, 200, self.why("CONNECT localhost: %r" % head, proxy))
            tunnel.sendall(b"before")
            self.assertEqual(tunnel.recv(100), b"before")
            path = unique("patch")
            url = "http://127.0.0.1:%d%s" % (World.http.port, path)
            self.assertEqual(self.curl(url, proxy=proxy).status, 403, self.why("127.0.0.1 should start denied", proxy))
            status, body = proxy.api("PATCH", "/config", {"allow": {"hosts": ["localhost", "127.0.0.1"]}})
            self.assertEqual(status, 200, self.why("PATCH /config: %r" % body, proxy))
            self.assertEqual(body["allow"]["hosts"], ["localhost", "127.0.0.1"], "the answer shows the new policy")
            result = self.curl(url, proxy=proxy)
            self.assertEqual(result.status, 200,
                             self.why("after PATCH, a new request to 127.0.0.1: %r" % result, proxy))
            tunnel.sendall(b"after")
            self.assertEqual(tunnel.recv(100), b"after", self.why("the tunnel opened before the PATCH broke", proxy))

    def test_put_replaces_the_policy_and_keeps_open_tunnels(self):
        proxy = self.narrow_proxy()
        tunnel, status, head = self.connect_tunnel("localhost:%d" % World.echo.port, proxy)
        with tunnel:
            self.assertEqual(status, 200, self.why("CONNECT localhost: %r" % head, proxy))
            status, body = proxy.api("PUT", "/config", {"allow": {"hosts": ["127.0.0.1"], "cidrs": ["127.0.0.0/8"]}})
            self.assertEqual(status, 200, self.why("PUT /config: %r" % body, proxy))
            self.assertEqual(body["allow"]["hosts"], ["127.0.0.1"])
            result = self.curl("http://127.0.0.1:%d%s" % (World.http.port, unique("put")), proxy=proxy)
            self.assertEqual(result.status, 200, self.why("after PUT, 127.0.0.1 is allowed: %r" % result, proxy))
            other, status, head = self.connect_tunnel("localhost:%d" % World.echo.port, proxy)
            other.close()
            self.assertEqual(status, 403, self.why("after PUT, a new CONNECT to localhost is denied: %r" % head, proxy))
            tunnel.sendall(b"still open")
            self.assertEqual(tunnel.recv(100), b"still open",
                             self.why("a tunnel opened before the PUT was dropped", proxy))

    def test_invalid_changes_are_rejected_and_change_nothing(self):
        _, before = self.proxy.api("GET", "/config")
        invalid = [
            ("PUT", {"allow": {"hosts": ["localhost"], "cidrs": ["10.0.0.1/8"]}}),  # host bits set
            ("PUT", {"allow": {"hosts": ["exa mple.com"]}}),
            ("PUT", {"allow": {"hosts": ["localhost"]}, "listen": "0.0.0.0:1"}),  # not a policy key
            ("PUT", {"rules": [{"host": "*.example.com"}]}),
            ("PUT", {"rules": [{"host": "localhost", "credentials": [{"header": "x-api-key",
                                                                     "placeholder": "bad placeholder!"}]}]}),
            ("PATCH", {"allow": {"cidrs": ["not-a-cidr"]}}),
            ("PUT", [1, 2, 3]),
        ]
        for method, body in invalid:
            status, answer = self.proxy.api(method, "/config", body)
            self.assertEqual(status, 400, self.why("%s /config %r should be refused: %s %r"
                                                   % (method, body, status, answer)))
        status, answer = self.proxy.api("PUT", "/config", raw_body=b"{not json")
        self.assertEqual(status, 400, self.why("PUT with a body that is not JSON: %s %r" % (status, answer)))
        _, after = self.proxy.api("GET", "/config")
        self.assertEqual(after, before, "a refused change altered the configuration")
        path = unique("after-invalid")
        result = self.curl("https://localhost:%d%s" % (World.https.port, path), "--cacert", self.proxy.ca_cert,
                           "-H", "x-api-key: " + PLACEHOLDER)
        self.assertEqual(result.status, 200, self.why("the old rule still works: %r" % result))
        [record] = World.https.recorder.for_path(path)
        self.assertEqual(header_values(record, "x-api-key"), [World.secret])

    def test_put_rule_with_inline_secret_is_applied_and_redacted(self):
        inline = "sk-inline-" + secrets.token_hex(12)
        policy = {"allow": {"hosts": ["127.0.0.1"], "cidrs": ["127.0.0.0/8"]},
                  "rules": [{"host": "localhost", "set_headers": {"x-from-put": "1"},
                             "credentials": [{"header": "x-api-key", "placeholder": "OCTOBOT_PLACEHOLDER_PUT",
                                              "value": inline}]}]}
        status, body = self.proxy.api("PUT", "/config", policy)
        self.assertEqual(status, 200, self.why("PUT /config: %r" % body))
        self.assertNotIn(inline, str(body))
        _, view = self.proxy.api("GET", "/config")
        self.assertNotIn(inline, str(view))
        self.assertIn("<redacted>", str(view))
        path = unique("put-rule")
        result = self.curl("https://localhost:%d%s" % (World.https.port, path), "--cacert", self.proxy.ca_cert,
                           "-H", "x-api-key: OCTOBOT_PLACEHOLDER_PUT")
        self.assertEqual(result.status, 200, self.why("request under the PUT rule: %r" % result))
        [record] = World.https.recorder.for_path(path)
        self.assertEqual(header_values(record, "x-api-key"), [inline])
        self.assertEqual(header_values(record, "x-from-put"), ["1"])
        self.assertEqual(header_values(record, "x-added"), [], "the old rule's headers are gone")
        for text in (self.proxy.access_log_text(), self.proxy.stderr_text(), self.proxy.stdout_text()):
            self.assertNotIn(inline, text)

    def test_the_control_api_takes_secrets_never_files(self):
        _, before = self.proxy.api("GET", "/config")
        self.assertNotIn("value_file", json.dumps(before), "GET /config shows where secrets come from")
        probe_dir = os.path.join(self.proxy.directory, "probe")
        os.makedirs(probe_dir)
        bad_content = os.path.join(probe_dir, "two-lines")
        with open(bad_content, "w") as f:
            f.write("root:x:0:0:root:/root:/bin/bash\nsecond-line\n")
        for path in ("/etc/passwd", "/etc/shadow", World.secret_file, bad_content, os.path.join(probe_dir, "missing"),
                     probe_dir, "relative/secret"):
            credential = {"header": "x-api-key", "placeholder": PLACEHOLDER, "value_file": path}
            for method, body in (("PUT", {"allow": before["allow"], "rules": [{"host": "localhost",
                                                                                "credentials": [credential]}]}),
                                 ("PATCH", {"rules": [{"host": "localhost", "credentials": [credential]}]}),
                                 ("PATCH", {"rules": [{"host": "localhost", "credentials": [
                                     dict(credential, value="<redacted>")]}]})):
                status, answer = self.proxy.api(method, "/config", body)
                text = json.dumps(answer)
                self.assertEqual(status, 400, self.why("%s with value_file %s: %s %r" % (method, path, status, answer)))
                self.assertIn("value_file can only be named in the configuration file", text)
                for content in ("root:x", "second-line", World.secret, "No such file", "not a regular file"):
                    self.assertNotIn(content, text, "the error tells something of %s" % path)
        _, after = self.proxy.api("GET", "/config")
        self.assertEqual(after, before, "a refused change altered the configuration")
        # What GET shows goes back as it is, and the file-loaded secrets stay.
        policy = {key: before[key] for key in ("allow", "deny", "rules")}
        status, answer = self.proxy.api("PUT", "/config", policy)
        self.assertEqual(status, 200, self.why("PUT of what GET showed: %r" % answer))
        path = unique("after-round-trip")
        result = self.curl("https://localhost:%d%s" % (World.https.port, path), "--cacert", self.proxy.ca_cert,
                           "-H", "x-api-key: " + PLACEHOLDER)
        self.assertEqual(result.status, 200, self.why("after the round trip: %r" % result))
        [record] = World.https.recorder.for_path(path)
        self.assertEqual(header_values(record, "x-api-key"), [World.secret])
        self.assert_secret_never_logged()


    def test_sighup_reloads_the_file(self):
        proxy = self.narrow_proxy()
        url = "http://127.0.0.1:%d%s" % (World.http.port, unique("sighup"))
        self.assertEqual(self.curl(url, proxy=proxy).status, 403, self.why("127.0.0.1 should start denied", proxy))
        proxy.config["allow"]["hosts"] = ["localhost", "127.0.0.1"]
        proxy.write_config()
        proxy.reload()
        view = wait_until(lambda: "127.0.0.1" in proxy.api("GET", "/config")[1]["allow"]["hosts"])
        self.assertTrue(view, self.why("GET /config does not show the host added to the file after SIGHUP", proxy))
        result = self.curl(url, proxy=proxy)
        self.assertEqual(result.status, 200, self.why("after SIGHUP: %r" % result, proxy))
        # A broken file on SIGHUP is refused and the running policy stays.
        with open(proxy.config_path, "w") as f:
            f.write("allow: {hosts: [localhost], cidrs: [10.0.0.1/8]}\n")
        logged = len(proxy.stderr_text())
        proxy.reload()
        refused = wait_until(lambda: "allow.cidrs" in proxy.stderr_text()[logged:])
        self.assertTrue(refused, self.why("no message naming the bad key after SIGHUP with a broken file", proxy))
        self.assertTrue(proxy.alive(), self.why("a broken file on SIGHUP stopped the proxy", proxy))
        self.assertEqual(self.curl(url, proxy=proxy).status, 200, self.why("the old policy should stay", proxy))

    def test_cache_endpoints(self):
        status, stats = self.proxy.api("GET", "/cache/stats")
        self.assertEqual(status, 200, self.why("GET /cache/stats: %r" % stats))
        self.assertIsInstance(stats, dict)
        status, body = self.proxy.api("DELETE", "/cache")
        self.assertIn(status, (200, 204), self.why("DELETE /cache: %s %r" % (status, body)))


class UnixSocketApiProxy(ProxyProcess):
    """A proxy whose control API listens on unix:<socket_dir>/api.sock instead of TCP."""

    def __init__(self, socket_dir, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.api_socket = os.path.join(socket_dir, "api.sock")
        self.config["api"]["listen"] = "unix:" + self.api_socket
        self.write_config()

    def wait_ready(self):
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and self.process.poll() is None:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
                try:
                    probe.connect(self.api_socket)
                    return True
                except OSError:
                    time.sleep(0.05)
        return False


class UnixSocketApiTest(ProxyTestCase):
    """The control API on a unix socket, driven by curl --unix-socket."""

    def setUp(self):
        socket_dir = tempfile.mkdtemp(prefix="octobot-api-")  # short: socket paths have at most 107 bytes
        self.addCleanup(shutil.rmtree, socket_dir, True)
        World.proxy_count += 1
        directory = os.path.join(World.root, "proxy-%d-%s" % (World.proxy_count, self._testMethodName))
        policy = {"allow": {"hosts": ["localhost"], "cidrs": ["127.0.0.0/8"]}, "deny": {"cidrs": []}, "rules": []}
        self.proxy = UnixSocketApiProxy(socket_dir, BINARY, directory, policy, [World.pki.ca_cert], cache=False)
        self.proxies = [self.proxy]
        self.proxy.start()

    def api_curl(self, method, path, body=None, token=True):
        """(status, body text, curl stderr) of a control-API request over the socket."""
        command = ["curl", "-q", "-sS", "--max-time", "15", "--unix-socket", self.proxy.api_socket, "-X", method,
                   "-w", "\n%{http_code}"]
        if token:
            command += ["-H", "Authorization: Bearer " + self.proxy.token]
        if body is not None:
            command += ["-H", "Content-Type: application/json", "--data-binary", json.dumps(body)]
        completed = subprocess.run(command + ["http://x" + path], capture_output=True, text=True, timeout=30,
                                   env=clean_env())
        text, _, status = completed.stdout.rpartition("\n")
        return int(status) if status.isdigit() else None, text, completed.stderr

    def test_control_api_on_a_unix_socket(self):
        path = self.proxy.api_socket
        mode = os.lstat(path).st_mode
        self.assertTrue(stat.S_ISSOCK(mode) and stat.S_IMODE(mode) == 0o600, "api.sock has mode %o" % mode)
        self.assertIn('"address":"unix:%s"' % path, self.proxy.stderr_text() + self.proxy.stdout_text(),
                      self.why("the start-up log names the socket"))
        status, text, err = self.api_curl("GET", "/health")
        self.assertEqual(status, 200, self.why("GET /health over the socket: %s %r %r" % (status, text, err)))
        status, text, err = self.api_curl("GET", "/health", token=False)
        self.assertEqual(status, 401, self.why("GET /health without the token: %s %r %r" % (status, text, err)))
        url = "http://127.0.0.1:%d%s" % (World.http.port, unique("unix-api"))
        self.assertEqual(self.curl(url).status, 403, self.why("127.0.0.1 should start denied"))
        status, text, err = self.api_curl("PATCH", "/config", {"allow": {"hosts": ["localhost", "127.0.0.1"]}})
        self.assertEqual(status, 200, self.why("PATCH /config over the socket: %s %r %r" % (status, text, err)))
        result = self.curl(url)
        self.assertEqual(result.status, 200, self.why("after PATCH, a new request to 127.0.0.1: %r" % result))
        self.proxies.remove(self.proxy)
        problem = self.proxy.stop()
        self.assertIsNone(problem, problem and problem + self.proxy.diagnostics())
        self.assertFalse(os.path.lexists(path), "the socket file outlived the proxy")


class FaultTest(ProxyTestCase):
    def raw_exchange(self, data, timeout=20):
        """Sends `data` to the proxy port and reads until EOF: (reply bytes, closed by the proxy)."""
        with socket.create_connection(("127.0.0.1", self.proxy.port), timeout=timeout) as sock:
            sock.sendall(data)
            reply = b""
            while True:
                try:
                    chunk = sock.recv(4096)
                except socket.timeout:
                    return reply, False
                except ConnectionResetError:
                    return reply, True
                if not chunk:
                    return reply, True
                reply += chunk

    def test_garbage_on_the_proxy_port_is_refused_and_logged(self):
        for garbage in (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + bytes(40),  # a TLS ClientHello
                        b"\xff\xfe\xfd garbage \x00\x01\r\n\r\n",
                        b"GET\x00 nonsense\r\n\r\n"):
            count = len(self.proxy.access_entries())
            reply, closed = self.raw_exchange(garbage)
            self.assertTrue(closed, self.why("the proxy kept a garbage connection open: %r" % garbage))
            self.assertTrue(reply == b"" or reply.startswith(b"HTTP/1.1 400"),
                            self.why("reply to %r: %r" % (garbage, reply)))
            entry = wait_until(lambda: self.proxy.access_entries()[count:])
            self.assertTrue(entry, self.why("no access-log line for the garbage %r" % garbage))
        self.assertTrue(self.proxy.alive())

    def test_stalled_header_is_cut_off(self):
        with socket.create_connection(("127.0.0.1", self.proxy.port), timeout=20) as sock:
            sock.sendall(b"GET http://127.0.0.1:%d/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " % World.http.port)
            try:
                reply = b""
                while True:
                    chunk = sock.recv(4096)
                    if not chunk:
                        break
                    reply += chunk
            except socket.timeout:
                self.fail(self.why("a client stalled in its header was still connected after 20 s "
                                   "(header_timeout is 2 s)"))
            except ConnectionResetError:
                pass

    def test_oversized_header_gets_431(self):
        big = "x-big: " + "a" * 20 * 1024
        result = self.curl("http://127.0.0.1:%d%s" % (World.http.port, unique("big")), "-H", big)
        self.assertEqual(result.status, 431, self.why("plain request with a 20 KiB header: %r" % result))
        path = unique("big-mitm")
        result = self.curl("https://localhost:%d%s" % (World.https.port, path), "--cacert", self.proxy.ca_cert,
                           "-H", big)
        self.assertEqual(result.status, 431, self.why("intercepted request with a 20 KiB header: %r" % result))
        self.assertEqual(World.https.recorder.for_path(path), [])

    def test_unresolvable_allowed_host_gets_502_naming_it(self):
        result = self.curl("http://%s/" % UNRESOLVABLE_HOST)
        self.assertEqual(result.status, 502, self.why("plain request to an unresolvable allowed host: %r" % result))
        self.assertIn(UNRESOLVABLE_HOST, result.body)
        sock, status, head = self.connect_tunnel("%s:443" % UNRESOLVABLE_HOST)
        sock.close()
        self.assertEqual(status, 502, self.why("CONNECT to an unresolvable allowed host: %r" % head))
        self.assertIn(UNRESOLVABLE_HOST.encode(), head + b"")
        entry = self.proxy.wait_for_entry(lambda e: e.get("host") == UNRESOLVABLE_HOST)
        self.assertIsNotNone(entry, self.why("no access-log line"))
        self.assertEqual(entry["status"], 502, self.why("entry %r" % entry))

    def test_loopback_is_denied_unless_a_cidr_allows_it(self):
        proxy = self.start_proxy({"allow": {"hosts": ["localhost", "127.0.0.1"], "cidrs": []}, "deny": {"cidrs": []},
                                  "rules": []}, cache=False)
        path = unique("ssrf")
        result = self.curl("http://localhost:%d%s" % (World.http.port, path), proxy=proxy)
        self.assertEqual(result.status, 403, self.why("localhost with allow.cidrs empty: %r" % result, proxy))
        self.assertIn("127.0.0.1", result.body, "the refusal names the address")
        sock, status, head = self.connect_tunnel("127.0.0.1:%d" % World.https.port, proxy)
        sock.close()
        self.assertEqual(status, 403, self.why("CONNECT 127.0.0.1 with allow.cidrs empty: %r" % head, proxy))
        self.assertEqual(World.http.recorder.for_path(path), [], "the upstream must not be contacted")

    def test_check_config_names_the_line_and_key(self):
        directory = os.path.join(self.proxy.directory, "check")
        os.makedirs(directory)
        cases = {
            "bad-cidr.yaml": ("listen: 127.0.0.1:17080\nallow:\n  hosts: [localhost]\n  cidrs: [10.0.0.1/8]\n",
                              ":4:", "allow.cidrs[0]"),
            "unknown-key.yaml": ("listen: 127.0.0.1:17080\nallow:\n  hosts: [localhost]\nlimits:\n"
                                 "  header_timout: 2s\n", ":5:", "header_timout"),
            "bad-yaml.yaml": ("listen: 127.0.0.1:17080\nallow: {hosts: [localhost\n", ":", "yaml"),
        }
        for name, (text, line, key) in cases.items():
            path = os.path.join(directory, name)
            with open(path, "w") as f:
                f.write(text)
            completed = subprocess.run([BINARY, "--check-config", path], capture_output=True, text=True, timeout=30)
            output = completed.stdout + completed.stderr
            self.assertEqual(completed.returncode, 2, "%s: exit %d, output %r" % (name, completed.returncode, output))
            self.assertIn(name + line, output, "%s: the message names the file and line: %r" % (name, output))
            if key != "yaml":
                self.assertIn(key, output, "%s: the message names the key: %r" % (name, output))
        completed = subprocess.run([BINARY, "--check-config", self.proxy.config_path], capture_output=True, text=True,
                                   timeout=30)
        self.assertEqual(completed.returncode, 0, "the test's own config: %r" % (completed.stdout + completed.stderr))


    def test_check_config_and_start_up_refuse_the_same_token_files(self):
        directory = os.path.join(self.proxy.directory, "token-check")
        os.makedirs(directory)
        good_token = "a-good-token-" + secrets.token_hex(8)
        cases = [  # (name, content, mode, what the message says or None when valid)
            ("group-readable", good_token + "\n", 0o640, "has mode 0640 (group or others can access it)"),
            ("world-readable", good_token + "\n", 0o644, "has mode 0644 (group or others can access it)"),
            ("world-writable", good_token + "\n", 0o602, "has mode 0602 (group or others can access it)"),
            ("short", "short-token\n", 0o600, "must be at least 16 characters"),
            ("spaces", "a token with spaces in it\n", 0o600, "must be at least 16 characters"),
            ("empty", "", 0o600, "must be at least 16 characters"),
            ("good", good_token + "\n", 0o600, None),
        ]
        for name, content, mode, expected in cases:
            token_path = os.path.join(directory, name + ".token")
            with open(token_path, "w") as f:
                f.write(content)
            os.chmod(token_path, mode)
            config = dict(self.proxy.config, listen="127.0.0.1:%d" % fixtures.free_port(),
                          api={"listen": "127.0.0.1:%d" % fixtures.free_port(), "token_file": token_path})
            config_path = os.path.join(directory, name + ".yaml")
            with open(config_path, "w") as f:
                json.dump(config, f)
            check = subprocess.run([BINARY, "--check-config", config_path], capture_output=True, text=True,
                                   timeout=30)
            if expected is None:
                self.assertEqual(check.returncode, 0, "%s: %r" % (name, check.stdout + check.stderr))
                continue
            start = subprocess.run([BINARY, "--config", config_path], capture_output=True, text=True, timeout=30)
            for mode_name, completed in (("--check-config", check), ("start-up", start)):
                output = completed.stdout + completed.stderr
                self.assertEqual(completed.returncode, 2, "%s %s: exit %d, %r" % (name, mode_name,
                                                                                  completed.returncode, output))
                self.assertIn(config_path + ": api.token_file: ", output, "%s %s: %r" % (name, mode_name, output))
                self.assertIn(token_path, output, "%s %s: the message names the file: %r" % (name, mode_name, output))
                self.assertIn(expected, output, "%s %s: %r" % (name, mode_name, output))
                self.assertNotIn(good_token, output, "%s %s shows the token" % (name, mode_name))


class MallocTuningTest(ProxyTestCase):
    """The proxy runs with one tcache chunk per size class (proxy/app/malloc_tuning.hpp), unless the
    user's GLIBC_TUNABLES says otherwise."""

    @staticmethod
    def environment(proxy):
        with open("/proc/%d/environ" % proxy.process.pid, "rb") as f:
            return dict(item.split("=", 1) for item in f.read().decode().split("\0") if "=" in item)

    def test_the_running_proxy_has_re_executed_itself_with_the_malloc_tunable(self):
        environment = self.environment(self.proxy)
        self.assertIn("glibc.malloc.tcache_count=1", environment.get("GLIBC_TUNABLES", "").split(":"),
                      self.why("the proxy runs without its malloc tunable: %r" % environment.get("GLIBC_TUNABLES")))
        self.assertEqual(environment.get("OCTOBOT_PROXY_MALLOC_TUNED"), "1")
        self.assertEqual(self.curl("http://127.0.0.1:%d%s" % (World.http.port, unique("tuned"))).status, 200)

    def test_a_tcache_count_the_user_set_is_kept(self):
        with unittest.mock.patch.dict(os.environ, {"GLIBC_TUNABLES": "glibc.malloc.tcache_count=3"}):
            proxy = self.start_proxy()
        environment = self.environment(proxy)
        self.assertEqual(environment.get("GLIBC_TUNABLES"), "glibc.malloc.tcache_count=3")
        self.assertNotIn("OCTOBOT_PROXY_MALLOC_TUNED", environment)


class BinaryTest(unittest.TestCase):
    """octobot-proxy is one static PIE (proxy/CMakeLists.txt): it needs no shared library in the
    session container, and its address space is still randomised."""

    def readelf(self, *options):
        return subprocess.run(["readelf", *options, BINARY], capture_output=True, text=True, check=True).stdout

    def test_binary_is_a_self_contained_position_independent_executable(self):
        dynamic = self.readelf("--dynamic")
        if "libasan" in dynamic:
            self.skipTest("sanitized builds link the C library dynamically")
        self.assertRegex(self.readelf("--file-header"), r"Type:\s+DYN", "a position-independent executable")
        self.assertIn("PIE", dynamic, "FLAGS_1 marks it PIE")
        self.assertNotIn("(NEEDED)", dynamic, "no shared library needed")
        self.assertNotIn("INTERP", self.readelf("--program-headers"), "no dynamic loader needed")
        with tempfile.TemporaryDirectory() as directory:
            config = os.path.join(directory, "proxy.yaml")
            with open(config, "w") as f:
                f.write("listen: 127.0.0.1:17080\nallow: { hosts: [example.com] }\n")
            completed = subprocess.run(["env", "-i", BINARY, "--check-config", config], capture_output=True,
                                       text=True, timeout=30)
            self.assertEqual(completed.returncode, 0, completed.stdout + completed.stderr)


if __name__ == "__main__":
    if len(sys.argv) < 2 or not os.access(sys.argv[1], os.X_OK):
        sys.exit("usage: real_clients_test.py PATH/TO/octobot-proxy [unittest options]")
    BINARY = os.path.abspath(sys.argv[1])
    unittest.main(argv=[sys.argv[0]] + sys.argv[2:], verbosity=2)
