// The web UI in a real browser against the real server, a real sandbox (Docker, the octobot/agent
// image) and Claude Code talking to the fake Anthropic API (tests/fixtures/fake_anthropic.py over
// HTTPS with a test CA, reached through the session's proxy). A new user's first run: add a
// workspace, choose the agent, start a session, ask for a change, see it streamed, see the diff,
// reload and find the conversation; then the same session on a phone-sized screen. Screenshots
// go to tests/e2e/artifacts/.
//
// Usage: node ui.test.mjs <path to the octobot binary>   (the UI must be built: ui/dist)
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer, launchChromium } from './support/octobot_server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, '..', 'fixtures');
const artifacts = join(here, 'artifacts');
const binary = process.argv[2] || process.env.OCTOBOT_BINARY;
const axeSource = readFileSync(join(here, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

// axe-core on the page as it is: no critical violation (the rest are listed if any is found).
async function checkAccessibility(page, screen) {
  await page.evaluate(axeSource);  // (through the debugger: the page's CSP rightly refuses inline scripts)
  const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }));
  const critical = result.violations.filter((v) => v.impact === 'critical');
  assert.deepEqual(critical.map((v) => `${v.id}: ${v.help}`), [], `critical accessibility violations on ${screen}`);
}
const key = 'sk-ant-ui-e2e-0123456789abcdef';
let work, repo, fake, fakePort, octobot, browser;

async function rest(method, path, body) {
  const response = await fetch(octobot.url + path, {
    method, headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

async function waitFor(check, what, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (existsSync(check)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

before(async () => {
  assert.ok(existsSync(join(here, '..', '..', 'ui', 'dist', 'index.html')), 'the UI is not built: run `make ui`');
  mkdirSync(artifacts, { recursive: true });
  work = mkdtempSync(join(tmpdir(), 'octobot-ui-e2e-'));
  repo = join(work, 'project');
  mkdirSync(repo);
  writeFileSync(join(repo, 'README.md'), 'hello\n');
  const git = (...args) => execFileSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args]);
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('commit', '-qm', 'base');

  execFileSync(join(fixtures, 'make_test_ca.sh'), [join(work, 'ca'), 'host.docker.internal']);
  writeFileSync(join(work, 'script.json'), JSON.stringify({ turns: [
    { text: 'I will write the file.', tool_use: { name: 'Bash', input: { command: 'echo from the ui > ui.txt', description: 'write ui.txt' } } },
    { text: 'Done: **ui.txt** is written.' },
  ] }));
  fake = spawn('python3', [join(fixtures, 'fake_anthropic.py'), '--listen', '0.0.0.0:0', '--cert', join(work, 'ca', 'server.pem'),
    '--key', join(work, 'ca', 'server.key'), '--script', join(work, 'script.json'), '--port-file', join(work, 'port')],
  { stdio: 'inherit' });
  await waitFor(join(work, 'port'), 'the fake provider');
  fakePort = Number(readFileSync(join(work, 'port'), 'utf8').trim());

  octobot = await startServer(binary, ['--upstream-ca-files', join(work, 'ca', 'ca.pem')]);
  await rest('PATCH', '/api/projects/local', { networkPolicy: { allowCidrs: ['172.16.0.0/12'] } });
  await rest('POST', '/api/projects/local/credentials', {
    provider: 'anthropic', name: 'fake', apiKey: key, baseUrl: `https://host.docker.internal:${fakePort}`,
    hosts: ['host.docker.internal'],
  });
  browser = await launchChromium(chromium);
});

after(async () => {
  await browser?.close();
  if (octobot) {
    const sessions = await rest('GET', '/api/projects/local/sessions').catch(() => ({ items: [] }));
    for (const session of sessions.items) await rest('DELETE', `/api/projects/local/sessions/${session.id}`).catch(() => {});
    for (let i = 0; i < 100; i++) {
      const left = await rest('GET', '/api/projects/local/sessions').catch(() => ({ items: [] }));
      if (left.items.length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await octobot.stop();
  }
  fake?.kill('SIGKILL');
  if (work) rmSync(work, { recursive: true, force: true });
});

test('first run on a desktop: workspace, agent, session, a streamed change, its diff, a reload', async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(octobot.url + '/');
  await page.getByRole('heading', { name: 'Welcome to Octobot' }).waitFor();
  await page.screenshot({ path: join(artifacts, 'first-run-desktop.png') });
  await checkAccessibility(page, 'the first run');
  // Installable: the manifest is linked and the service worker (app shell only) takes over.
  assert.equal(await page.evaluate(() => navigator.serviceWorker.ready.then((r) => Boolean(r.active))), true);
  assert.equal(await page.locator('link[rel="manifest"]').getAttribute('href'), '/manifest.webmanifest');

  await page.getByLabel('Folder on this machine or git URL').fill(repo);
  await page.getByRole('button', { name: 'Add workspace' }).click();
  await page.getByRole('button', { name: 'Save the agent' }).click();
  const start = page.getByRole('button', { name: 'Start a session' });
  await start.waitFor();
  await start.click();

  const input = page.getByLabel('Message');
  await input.waitFor({ timeout: 30000 });
  await input.fill('Write ui.txt');
  await input.press('Enter');
  const log = page.getByTestId('chat-log');
  await log.getByText('is written.').waitFor({ timeout: 120000 });
  assert.match(await log.innerText(), /I will write the file\./);
  assert.equal(await log.getByTestId('tool-card').count(), 1);
  assert.equal(await log.locator('strong', { hasText: 'ui.txt' }).count(), 1);  // Markdown rendered
  await page.screenshot({ path: join(artifacts, 'chat-desktop.png') });
  await checkAccessibility(page, 'the chat');

  // The sidebar shows the session, named by its first message, with its status.
  await page.getByRole('navigation', { name: 'Workspaces and sessions' }).getByText('Write ui.txt').waitFor();

  await page.getByRole('tab', { name: 'Changes' }).click();
  await page.getByRole('tab', { name: /ui\.txt/ }).waitFor({ timeout: 30000 });
  assert.match(await page.getByTestId('patch').innerText(), /\+from the ui/);
  await page.screenshot({ path: join(artifacts, 'changes-desktop.png') });
  await checkAccessibility(page, 'the changes');
  await page.getByRole('button', { name: 'Side by side' }).click();
  assert.match(await page.getByTestId('patch-split').innerText(), /from the ui/);
  await page.screenshot({ path: join(artifacts, 'changes-split-desktop.png') });
  await page.getByRole('button', { name: 'Unified' }).click();

  // Apply: the work becomes a branch in the user's repository.
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.getByRole('status').filter({ hasText: 'in your repository' }).waitFor({ timeout: 30000 });
  const branch = (await page.getByRole('status').filter({ hasText: 'in your repository' }).locator('code').first().innerText());
  assert.match(branch, /^octobot\/[0-9a-f]{8}$/);
  assert.equal(execFileSync('git', ['-C', repo, 'show', `${branch}:ui.txt`]).toString(), 'from the ui\n');

  // The file in the editor; an edit saved through the API lands in the workspace.
  await page.getByRole('tab', { name: 'Files' }).click();
  await page.getByRole('tree', { name: 'Workspace files' }).getByRole('button', { name: 'ui.txt' }).click();
  await page.getByTestId('editor').getByText('from the ui').waitFor({ timeout: 15000 });
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('edited in the browser');
  await page.keyboard.press('Control+s');
  await page.getByRole('status').getByText('Saved').waitFor();
  await page.screenshot({ path: join(artifacts, 'files-desktop.png') });
  await checkAccessibility(page, 'the files');

  // A shell in the sandbox, in the page.
  await page.getByRole('tab', { name: 'Terminal' }).click();
  await page.getByText('Terminal: open').waitFor({ timeout: 30000 });
  await page.getByTestId('terminal').click();
  await page.keyboard.type('echo $((6*7)) && cat ui.txt\n');
  await page.locator('.xterm-rows').getByText('edited in the browser').waitFor({ timeout: 15000 });
  await page.locator('.xterm-rows').getByText('from the ui').waitFor({ timeout: 15000 });
  assert.match(await page.locator('.xterm-rows').innerText(), /^42$/m);
  await page.screenshot({ path: join(artifacts, 'terminal-desktop.png') });
  await page.getByRole('tab', { name: 'Chat' }).click();

  // Settings: the agent is the default; keys show only their last four characters.
  await page.getByRole('button', { name: 'Settings' }).click();
  const settings = page.getByRole('region', { name: 'Settings' });
  await settings.getByText('••••cdef').waitFor();
  assert.equal(await settings.getByText('default', { exact: true }).count(), 1);
  await settings.getByLabel('Key', { exact: true }).fill('sk-openai-typed-in-the-ui-9876');
  assert.equal(await settings.getByLabel('Key', { exact: true }).getAttribute('type'), 'password');
  await settings.getByLabel('Provider').selectOption('openai');
  await settings.getByRole('button', { name: 'Add key' }).click();
  await settings.getByText('••••9876').waitFor();
  assert.ok(!(await page.content()).includes('sk-openai-typed-in-the-ui'));
  await page.screenshot({ path: join(artifacts, 'settings-desktop.png') });
  await checkAccessibility(page, 'the settings');
  // Edit the agent: environment and MCP servers reach the API.
  await settings.getByRole('button', { name: 'Edit' }).click();
  await settings.getByLabel('Environment').fill('FOO=bar');
  await settings.getByLabel('MCP servers').fill('[{"name": "docs", "type": "stdio", "command": "docs-mcp"}]');
  await settings.getByRole('button', { name: 'Save', exact: true }).click();
  await settings.getByRole('button', { name: 'Edit' }).waitFor();
  const [agent] = (await rest('GET', '/api/projects/local/agents')).items;
  assert.deepEqual(agent.env, { FOO: 'bar' });
  assert.equal(agent.mcpServers[0].command, 'docs-mcp');
  await settings.getByRole('button', { name: 'Edit' }).click();
  await settings.getByLabel('MCP servers').fill('not json');
  await settings.getByRole('button', { name: 'Save', exact: true }).click();
  await settings.getByRole('alert').getByText('MCP servers must be a JSON array').waitFor();
  await settings.getByRole('button', { name: 'Cancel' }).click();

  // Dark theme chosen by the user (the default follows the system).
  await settings.getByLabel('Theme').selectOption('dark');
  assert.equal(await page.evaluate(() => document.documentElement.classList.contains('dark')), true);
  await page.screenshot({ path: join(artifacts, 'settings-dark-desktop.png') });
  await checkAccessibility(page, 'the settings, dark');
  await settings.getByLabel('Theme').selectOption('system');
  await settings.getByRole('button', { name: 'Close' }).click();

  // Fork from turn 1: a new session opens, with the conversation of that turn.
  await page.getByRole('tab', { name: 'Changes' }).click();
  await page.getByText('Turns (1)').click();
  await page.getByRole('button', { name: 'Fork from here' }).click();
  await page.getByRole('heading', { name: /\(fork at turn 1\)/ }).waitFor({ timeout: 60000 });
  await page.getByRole('tab', { name: 'Chat' }).click();
  await page.getByTestId('chat-log').getByText('is written.').waitFor();
  await page.getByRole('navigation', { name: 'Workspaces and sessions' }).getByRole('button', { name: 'Write ui.txt', exact: true }).click();

  // Rename.
  page.once('dialog', (dialog) => void dialog.accept('Renamed in the UI'));
  await page.getByRole('button', { name: 'Rename' }).click();
  await page.getByRole('heading', { name: 'Renamed in the UI' }).waitFor();
  await page.getByRole('navigation', { name: 'Workspaces and sessions' }).getByText('Renamed in the UI').waitFor();

  await page.reload();
  await page.getByTestId('chat-log').getByText('is written.').waitFor();
  assert.match(page.url(), /\/sessions\/[0-9a-f-]{36}$/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the same session on a phone: one pane at a time, the chat usable', async () => {
  const sessions = await rest('GET', '/api/projects/local/sessions');
  const original = sessions.items.find((s) => s.name === 'Renamed in the UI');
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await page.goto(`${octobot.url}/sessions/${original.id}`);
  await page.getByTestId('chat-log').getByText('is written.').waitFor();
  assert.equal(await page.getByRole('navigation', { name: 'Workspaces and sessions' }).isVisible(), false);
  await page.screenshot({ path: join(artifacts, 'chat-phone.png') });
  await page.getByRole('button', { name: 'Sessions' }).tap();
  await page.getByRole('navigation', { name: 'Workspaces and sessions' }).waitFor();
  await page.screenshot({ path: join(artifacts, 'sessions-phone.png') });
  await checkAccessibility(page, 'the phone layout');
  await page.close();
});

test('the server serves the UI compressed, with long-lived assets and a strict policy', async () => {
  const html = await fetch(octobot.url + '/', { headers: { 'Accept-Encoding': 'gzip' } });
  assert.equal(html.status, 200);
  assert.equal(html.headers.get('cache-control'), 'no-cache');
  assert.match(html.headers.get('content-security-policy'), /default-src 'self'/);
  const asset = (await html.text()).match(/\/assets\/[^"]+\.js/)[0];
  const js = await fetch(octobot.url + asset, { headers: { 'Accept-Encoding': 'gzip' } });
  assert.equal(js.status, 200);
  assert.equal(js.headers.get('content-encoding'), 'gzip');
  assert.match(js.headers.get('cache-control'), /immutable/);
  assert.equal((await fetch(octobot.url + '/assets/..%2F..%2Fetc%2Fpasswd')).status, 404);
  assert.equal((await fetch(octobot.url + '/assets/missing.js')).status, 404);
  const manifest = await (await fetch(octobot.url + '/manifest.webmanifest')).json();
  assert.equal(manifest.display, 'standalone');
  assert.equal((await fetch(octobot.url + '/sw.js')).headers.get('content-type'), 'text/javascript; charset=utf-8');
});

test('a reload in the middle of a turn re-attaches to the stream and loses nothing', async () => {
  const words = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
  writeFileSync(join(work, 'script.tmp'), JSON.stringify({ turns: [{ text: `Slowly: ${words} done slowly.`, chunks: 60, delay_ms: 60 }] }));
  execFileSync('mv', [join(work, 'script.tmp'), join(work, 'script.json')]);
  const sessions = await rest('GET', '/api/projects/local/sessions');
  const original = sessions.items.find((s) => s.name === 'Renamed in the UI');
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`${octobot.url}/sessions/${original.id}`);
  await page.getByLabel('Message').fill('Tell it slowly');
  await page.getByLabel('Message').press('Enter');
  await page.getByTestId('chat-log').getByText('Slowly:').waitFor({ timeout: 60000 });
  await page.reload();
  await page.getByTestId('chat-log').getByText('done slowly.').waitFor({ timeout: 60000 });
  const text = await page.getByTestId('chat-log').innerText();
  assert.equal(text.split('done slowly.').length - 1, 1);
  assert.match(text, /word0 word1 word2/);
  assert.equal((text.match(/Tell it slowly/g) || []).length, 1);
  await page.close();
});

test('an approval request waits in the chat; Allow runs the tool', async () => {
  const agents = await rest('GET', '/api/projects/local/agents');
  await rest('PATCH', `/api/projects/local/agents/${agents.items[0].id}`, { approvalPolicy: 'ask' });
  writeFileSync(join(work, 'script.tmp'), JSON.stringify({ turns: [
    { text: 'May I?', tool_use: { name: 'Bash', input: { command: 'echo approved > approved.txt', description: 'write approved.txt' } } },
    { text: 'Approved and done.' },
  ] }));
  execFileSync('mv', [join(work, 'script.tmp'), join(work, 'script.json')]);
  const sessions = await rest('GET', '/api/projects/local/sessions');
  const original = sessions.items.find((s) => s.name === 'Renamed in the UI');
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`${octobot.url}/sessions/${original.id}`);
  await page.getByLabel('Message').fill('Write approved.txt');
  await page.getByLabel('Message').press('Enter');
  const allow = page.getByRole('group', { name: 'Approval' }).getByRole('button', { name: 'Allow', exact: true });
  await allow.waitFor({ timeout: 60000 });
  await page.getByRole('navigation', { name: 'Workspaces and sessions' }).getByText('waiting for approval').waitFor();
  await page.screenshot({ path: join(artifacts, 'approval-desktop.png') });
  await allow.click();
  await page.getByTestId('chat-log').getByText('Approved and done.').waitFor({ timeout: 60000 });
  assert.equal(await page.getByRole('navigation', { name: 'Workspaces and sessions' }).getByText('waiting for approval').count(), 0);
  await page.getByRole('tab', { name: 'Changes' }).click();
  await page.getByRole('tab', { name: /approved\.txt/ }).waitFor({ timeout: 30000 });
  await page.close();
});

test('the keyboard reaches every control, with a visible focus, and works them', async () => {
  const sessions = await rest('GET', '/api/projects/local/sessions');
  const original = sessions.items.find((s) => s.name === 'Renamed in the UI');
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`${octobot.url}/sessions/${original.id}`);
  await page.getByLabel('Message').waitFor();
  const reached = new Set();
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return { name: '(the page)', visible: true };
      const style = getComputedStyle(el);
      return { name: el.getAttribute('aria-label') || el.textContent.trim().slice(0, 40) || el.id || el.tagName,
               visible: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0 };
    });
    reached.add(focused.name);
    assert.ok(focused.visible, `no visible focus on "${focused.name}"`);
  }
  for (const name of ['New session in project', 'Renamed in the UI', 'Settings', 'Rename', 'Chat', 'Changes', 'Files', 'Terminal']) {
    assert.ok(reached.has(name), `the keyboard did not reach "${name}" (reached: ${[...reached].join(', ')})`);
  }
  // Work a control with the keyboard alone: the Changes tab opens on Enter.
  await page.getByRole('tab', { name: 'Changes' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Apply' }).waitFor();
  await page.close();
});
