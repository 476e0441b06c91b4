// Cross-site writes from a real browser: headless Chromium opens a page of
// another site (evil.example, resolved to 127.0.0.1 by the browser only) that
// tries every write a page can send to the loopback server without a CORS
// preflight: form posts (urlencoded, text/plain JSON, multipart), no-cors
// fetch of a Blob (untyped and JSON-typed), text/plain fetch, sendBeacon, and a
// CORS fetch. None may change anything; the server's metrics show that the
// requests did arrive and were refused. A page of the server's own origin can
// still write.
//
// Usage: node cross_site.test.mjs <path to the octobot binary>
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { chromium } from 'playwright-core';
import { startServer, launchChromium } from './support/octobot_server.mjs';

const binary = process.argv[2] || process.env.OCTOBOT_BINARY;
let octobot, evil, browser, evilPort;

const agentJson = JSON.stringify({ type: 'claude-code', name: 'planted', isDefault: true,
  mcpServers: [{ type: 'stdio', name: 'x', command: '/bin/sh', args: ['-c', 'id'] }] });

// The attacker's page: each attack is a function of the target origin, run in the page.
function attackPage(target) {
  const forms = ['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data'].map((enctype, i) => `
    <iframe name="sink${i}"></iframe>
    <form id="form${i}" method="POST" enctype="${enctype}" target="sink${i}" action="${target}/api/projects/local/agents">
      <input name='${agentJson.slice(0, -1)},"padding":"' value='"}'>
    </form>`).join('');
  return `<!doctype html><html><body>${forms}
    <script>
      window.attack = async () => {
        const t = ${JSON.stringify(target)};
        const agent = ${JSON.stringify(agentJson)};
        const workspace = JSON.stringify({ path: '/', sourceType: 'local' });
        const project = JSON.stringify({ name: 'planted' });
        const tries = [];
        const send = (url, init) => tries.push(fetch(url, init).then(() => 'sent', (e) => 'blocked: ' + e));
        for (const [path, body] of [['/api/projects/local/agents', agent], ['/api/projects/local/workspaces', workspace],
                                    ['/api/projects', project]]) {
          send(t + path, { method: 'POST', mode: 'no-cors', body: new Blob([body]) });
          send(t + path, { method: 'POST', mode: 'no-cors', body: new Blob([body], { type: 'application/json' }) });
          send(t + path, { method: 'POST', mode: 'no-cors', body, headers: { 'Content-Type': 'text/plain' } });
          send(t + path, { method: 'POST', mode: 'cors', body, headers: { 'Content-Type': 'application/json' } });
          let beacon;
          try { beacon = navigator.sendBeacon(t + path, body); } catch (e) { beacon = 'threw ' + e; }
          tries.push(Promise.resolve('beacon ' + beacon));
          try { beacon = navigator.sendBeacon(t + path, new Blob([body], { type: 'text/plain' })); } catch (e) { beacon = 'threw ' + e; }
          tries.push(Promise.resolve('beacon blob ' + beacon));
        }
        for (const form of document.forms) form.submit();
        return Promise.all(tries);
      };
    </script></body></html>`;
}

async function api(path, init = {}) {
  const response = await fetch(octobot.url + path, init);
  return { status: response.status, body: await response.text() };
}

// Requests the server answered, by status, for the routes the page attacks.
async function refusedCount() {
  const metrics = (await api('/metrics')).body;
  let refused = 0;
  for (const line of metrics.split('\n')) {
    const match = line.match(/^octobot_http_requests_total\{method="POST",route="([^"]+)",status="(\d+)"\} (\d+)/);
    if (match && ['403', '415'].includes(match[2])) refused += Number(match[3]);
  }
  return refused;
}

before(async () => {
  assert.ok(binary, 'pass the octobot binary as the first argument');
  octobot = await startServer(binary);
  evil = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end(attackPage(octobot.url));
  });
  await new Promise((resolve) => evil.listen(0, '127.0.0.1', resolve));
  evilPort = evil.address().port;
  browser = await launchChromium(chromium, ['--host-resolver-rules=MAP evil.example 127.0.0.1']);
});

after(async () => {
  await browser?.close();
  evil?.close();
  await octobot?.stop();
});

test('no cross-site write from another site changes anything', async () => {
  const before = await refusedCount();
  const page = await browser.newPage();
  await page.goto(`http://evil.example:${evilPort}/`);
  const outcomes = await page.evaluate(() => window.attack());
  await page.waitForTimeout(1500);  // the form posts and beacons land in the background
  await page.close();

  assert.equal(JSON.parse((await api('/api/projects/local/agents')).body).items.length, 0, 'an agent was planted');
  assert.equal(JSON.parse((await api('/api/projects/local/workspaces')).body).items.length, 0, 'a workspace was added');
  assert.equal(JSON.parse((await api('/api/projects')).body).items.length, 1, 'a project was created');
  const refused = (await refusedCount()) - before;
  console.log(`refused cross-site requests: ${refused}; page outcomes: ${outcomes.join(", ")}`);
  // 3 forms + per target 3 no-cors fetches and the beacons that were queued: at least the forms and fetches.
  assert.ok(refused >= 3 + 3 * 3, `only ${refused} refused requests reached the server; outcomes: ${outcomes}`);
});

test('a page of the server\'s own origin can still write', async () => {
  const page = await browser.newPage();
  await page.goto(octobot.url + '/');
  const status = await page.evaluate(async () => (await fetch('/api/projects', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'same origin' }),
  })).status);
  await page.close();
  assert.equal(status, 201);
});
