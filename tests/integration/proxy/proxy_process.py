"""One octobot-proxy process for a test: its config file, its logs, its control API.

ProxyProcess writes the config (JSON, which is valid YAML) and the API token
(mode 0600) into its own directory, starts the binary, waits until
both ports accept, and gives the tests the access log (parsed JSON lines), the
process's stderr/stdout and a small control-API client. stop() sends SIGTERM
and reports whether the process had died before (a crash) or did not exit 0.
"""
import http.client
import json
import os
import secrets
import signal
import subprocess

from fixtures import free_port, wait_for_port, wait_until

PLACEHOLDER = "OCTOBOT_PLACEHOLDER_TEST"
BEARER_PLACEHOLDER = "OCTOBOT_PLACEHOLDER_BEARER"


class ProxyProcess:
    def __init__(self, binary, directory, policy, upstream_ca_files, limits=None, cache=True, extra=None):
        os.makedirs(directory, exist_ok=True)
        self.binary = binary
        self.directory = directory
        self.port = free_port()
        self.api_port = free_port()
        self.token = "test-token-" + secrets.token_hex(12)
        self.ca_cert = os.path.join(directory, "ca.crt")
        self.access_log_path = os.path.join(directory, "access.log")
        self.stderr_path = os.path.join(directory, "proxy.stderr")
        self.stdout_path = os.path.join(directory, "proxy.stdout")
        self.config_path = os.path.join(directory, "proxy.yaml")
        self.token_path = os.path.join(directory, "token")
        # The proxy refuses a token file that its group or others may read.
        with open(os.open(self.token_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as f:
            f.write(self.token + "\n")
        os.chmod(self.token_path, 0o600)
        self.config = {
            "listen": "127.0.0.1:%d" % self.port,
            "api": {"listen": "127.0.0.1:%d" % self.api_port, "token_file": self.token_path},
            "ca": {"cert": self.ca_cert, "key": os.path.join(directory, "ca.key")},
            "upstream_ca_files": list(upstream_ca_files),
            "allow": policy["allow"],
            "deny": policy.get("deny", {"cidrs": []}),
            "rules": policy.get("rules", []),
            "log": {"file": self.access_log_path},
            "limits": dict({"header_timeout": "2s", "idle_timeout": "30s", "max_connections": 64,
                            "header_limit": "16KiB"}, **(limits or {})),
        }
        if cache:
            self.config["cache"] = {"dir": os.path.join(directory, "cache"), "max_size": "1GiB"}
        self.config.update(extra or {})
        self.write_config()
        self.process = None
        self.exit_problem = None

    def write_config(self):
        with open(self.config_path, "w") as f:
            json.dump(self.config, f, indent=2)
            f.write("\n")

    def start(self):
        self._stdout = open(self.stdout_path, "wb")
        self._stderr = open(self.stderr_path, "wb")
        self.process = subprocess.Popen([self.binary, "--config", self.config_path], stdout=self._stdout,
                                        stderr=self._stderr, stdin=subprocess.DEVNULL)
        if not self.wait_ready():
            self.stop()
            raise RuntimeError("octobot-proxy did not start (exit %s)\n%s" % (self.process.returncode,
                                                                                self.diagnostics()))
        return self

    def wait_ready(self):
        """True once the control API accepts; False if the process exits first or on timeout."""
        # The proxy port is bound before the control API's (a probe of the proxy
        # port itself would leave a "closed before a request" line in the log).
        return wait_for_port(self.api_port, process=self.process)

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def stop(self):
        """Stops the process; returns a description of a crash or unclean exit, or None."""
        if self.process is None:
            return None
        problem = None
        if self.process.poll() is not None:
            problem = "octobot-proxy died during the test (exit status %d)" % self.process.returncode
        else:
            self.process.send_signal(signal.SIGTERM)
            try:
                code = self.process.wait(15)
                if code != 0:
                    problem = "octobot-proxy exited with status %d after SIGTERM" % code
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                problem = "octobot-proxy did not stop within 15 s of SIGTERM"
        self._stdout.close()
        self._stderr.close()
        self.exit_problem = problem
        return problem

    def kill_hard(self):
        """kill -9, as a crash or the OOM killer would; start() runs it again on the same files."""
        self.process.kill()
        self.process.wait()
        self._stdout.close()
        self._stderr.close()
        self.process = None

    def reload(self):
        self.process.send_signal(signal.SIGHUP)

    # --- logs -------------------------------------------------------------------------------

    @staticmethod
    def _read(path):
        try:
            with open(path, "rb") as f:
                return f.read().decode(errors="replace")
        except OSError:
            return ""

    def stderr_text(self):
        return self._read(self.stderr_path)

    def stdout_text(self):
        return self._read(self.stdout_path)

    def access_log_text(self):
        return self._read(self.access_log_path)

    def access_entries(self):
        entries = []
        for line in self.access_log_text().splitlines():
            try:
                entries.append(json.loads(line))
            except ValueError:
                entries.append({"unparsable": line})
        return entries

    def wait_for_entry(self, predicate, timeout=10.0):
        """The first access-log entry matching predicate (polling: tunnels log when they close)."""
        return wait_until(lambda: next((e for e in self.access_entries() if predicate(e)), None), timeout)

    def diagnostics(self, lines=25):
        def tail(text):
            return "\n".join(text.splitlines()[-lines:])
        return ("\n--- access log (tail) ---\n%s\n--- proxy stderr (tail) ---\n%s\n--- proxy stdout (tail) ---\n%s"
                % (tail(self.access_log_text()), tail(self.stderr_text()), tail(self.stdout_text())))

    # --- control API ------------------------------------------------------------------------

    def api(self, method, path, body=None, token=True, raw_body=None):
        """(status, parsed JSON or text) from the control API."""
        connection = http.client.HTTPConnection("127.0.0.1", self.api_port, timeout=15)
        headers = {}
        if token is True:
            headers["Authorization"] = "Bearer " + self.token
        elif token:
            headers["Authorization"] = token
        data = raw_body if raw_body is not None else (json.dumps(body).encode() if body is not None else None)
        if data is not None:
            headers["Content-Type"] = "application/json"
        try:
            connection.request(method, path, body=data, headers=headers)
            response = connection.getresponse()
            text = response.read().decode(errors="replace")
        finally:
            connection.close()
        try:
            return response.status, json.loads(text) if text else None
        except ValueError:
            return response.status, text
