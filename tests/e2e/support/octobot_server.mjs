// Starts the real `octobot server` binary on 127.0.0.1:<free port> with a
// fresh data directory, and stops it. The URL comes from its first stdout line.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// dataDir: an existing data directory to start on again (default: a fresh one).
export async function startServer(binary, extraArgs = [], dataDir = mkdtempSync(join(tmpdir(), 'octobot-e2e-'))) {
  const child = spawn(binary, ['server', '--listen', '127.0.0.1:0', '--data-dir', dataDir, '--log-level', 'warn',
                               ...extraArgs], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`octobot did not start: ${seen}`)), 20000);
    child.stdout.on('data', (chunk) => {
      seen += chunk;
      const match = seen.match(/running at (http:\/\/\S+?)\/?(\s|$)/);
      if (match) { clearTimeout(timer); resolve(match[1]); }
    });
    child.on('exit', (code) => reject(new Error(`octobot exited with ${code}: ${seen}`)));
  });
  return {
    url,
    dataDir,
    // keepData: leave the data directory for a restart.
    async stop({ keepData = false } = {}) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
      }
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// Launches Debian's chromium headless with a fresh profile and no background networking.
export async function launchChromium(chromium, extraArgs = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', ...extraArgs],
  });
}
