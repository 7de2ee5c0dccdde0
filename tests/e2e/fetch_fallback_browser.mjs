// tests/e2e: the browser build without a relay (docs/browser.md, "Without a relay"). The web
// build is served by a static server (tests/e2e/cors_server.py, Python's http.server), not by
// `wirepad serve`, and no relay answers where the page looks for one, so the page starts
// without asking for a pairing code and sends HTTP with the browser's own fetch(). A second
// cors_server.py on another port is a cross-origin API. Checks, through window.wirepad:
//   1. same origin: status, body and every header, one note that fetch() hid the wire;
//   2. cross origin with CORS: the exposed header shown, the hidden one not, and a note saying so;
//   3. a PUT with a custom header after the browser's preflight, a Cookie named as not sent;
//   4. a server without CORS: failed, the error names CORS and this page's origin;
//   5. GET with a body: refused before sending, saying why.
// Saves OUT/fetch-fallback-browser.png (the response with its notes). Exits 77 without a web build.
// usage: node fetch_fallback_browser.mjs --web-root DIR --out DIR [--chromium PATH]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { frames, freePort, here, launchChromium, parseArgs, startAndWaitFor } from './e2e_support.mjs';

const args = parseArgs();
if (!fs.existsSync(path.join(args.webRoot, 'wirepad_web.wasm'))) {
  console.log(`skipped: no web build in ${args.webRoot} (scripts/build.sh web)`);
  process.exit(77);
}

async function startServer(dir, port) {
  return (await startAndWaitFor('/usr/bin/python3', [path.join(here, 'cors_server.py'), dir, String(port)], /^listening/)).child;
}

const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'wirepad-fetch-api-'));
const pagePort = await freePort();
const apiPort = await freePort();
const closedPort = await freePort();  // where the page looks for a relay: nothing listens
const children = [await startServer(args.webRoot, pagePort), await startServer(empty, apiPort)];
const browser = await launchChromium(args.chromium);
const pageOrigin = `http://127.0.0.1:${pagePort}`;
const api = `http://127.0.0.1:${apiPort}`;
let failed = false;

function check(condition, what, detail) {
  if (!condition) throw new Error(`${what}: ${JSON.stringify(detail)}`);
}

async function send(page, request) {
  const experiment = { wirepad: 7, kind: 'http', name: 'fetch', request: { headers: [], ...request } };
  const loaded = await page.evaluate((e) => window.wirepad.load(JSON.stringify(e)), experiment);
  check(loaded && loaded.ok, 'load', loaded);
  await frames(page);
  const sent = await page.evaluate(() => window.wirepad.send());
  check(sent && sent.ok, 'send', sent);
  await page.waitForFunction(() => ['done', 'failed', 'cancelled'].includes(window.wirepad.state().phase), null, { timeout: 30000 });
  const state = await page.evaluate(() => window.wirepad.state());
  const summary = await page.evaluate(() => window.wirepad.summary());
  return { state, summary, header: (name) => (state.headers.find((h) => h.name.toLowerCase() === name) || {}).value };
}

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  await page.goto(`${pageOrigin}/?relay=127.0.0.1:${closedPort}`);
  await page.waitForFunction(() => window.wirepad && window.wirepad.frames() > 2, null, { timeout: 60000 });
  check(dialogs.length === 0, 'no relay answers: the page must not ask for a pairing code', dialogs);

  const same = await send(page, { method: 'GET', url: `${pageOrigin}/api/cors` });
  check(same.state.phase === 'done' && same.state.status === 200, 'same origin', same.state.error);
  check(same.state.body === 'cors ok\n', 'same origin body', same.state.body);
  check(same.header('x-hidden') === 'hidden', 'same origin: every header is shown', same.state.headers);
  check(same.summary.warnings.some((w) => w.includes("browser's fetch()")), 'same origin: the fetch() note', same.summary.warnings);
  check(!same.summary.warnings.some((w) => w.includes('Cross-origin')), 'same origin: no CORS note', same.summary.warnings);
  check(same.summary.timings.connect < 0 && same.summary.timings.total > 0, 'timings: total only', same.summary.timings);
  console.log(`same origin: 200, ${same.state.headers.length} headers, ${same.summary.timings.total.toFixed(3)} s`);

  const cors = await send(page, { method: 'GET', url: `${api}/api/cors` });
  check(cors.state.phase === 'done' && cors.state.status === 200, 'cross origin', cors.state.error);
  check(cors.header('x-exposed') === 'shown', 'cross origin: the exposed header', cors.state.headers);
  check(cors.header('x-hidden') === undefined, 'cross origin: the browser hides X-Hidden', cors.state.headers);
  check(cors.summary.warnings.some((w) => w.includes('Access-Control-Expose-Headers')), 'cross origin note', cors.summary.warnings);
  console.log(`cross origin with CORS: ${cors.state.headers.map((h) => h.name).join(', ')}`);

  const put = await send(page, {
    method: 'PUT', url: `${api}/api/echo`, body: '{"n":1}',
    headers: [{ name: 'Content-Type', value: 'application/json' }, { name: 'X-Trace', value: '7' }, { name: 'Cookie', value: 'a=1' }],
  });
  check(put.state.phase === 'done' && put.state.body === 'put {"n":1} trace=7\n', 'PUT after the preflight', put.state);
  check(put.summary.warnings.some((w) => w.includes('Not sent') && w.includes('Cookie')), 'the Cookie is named', put.summary.warnings);
  check(put.summary.events.some((e) => e.text.startsWith('not sent: Cookie')), 'the timeline names the Cookie', put.summary.events);
  console.log('PUT with a custom header: preflight passed, body echoed');

  const refused = await send(page, { method: 'GET', url: `${api}/api/nocors` });
  check(refused.state.phase === 'failed', 'no CORS: failed', refused.state.phase);
  const message = refused.summary.error.message;
  check(message.includes('CORS') && message.includes(`this page's origin ${pageOrigin}`), 'no CORS: the error explains', message);
  console.log(`no CORS: ${message.slice(0, 100)}...`);

  const body = await send(page, { method: 'GET', url: `${api}/api/cors`, body: 'x=1' });
  check(body.state.phase === 'failed' && body.summary.error.message.includes('body with GET'), 'GET with a body', body.summary.error);

  const last = await send(page, { method: 'GET', url: `${api}/api/cors` });
  check(last.state.phase === 'done', 'the response to show', last.state.phase);
  await page.evaluate(() => window.wirepad.openTab('Headers'));  // where the notes are listed
  await page.mouse.move(1270, 790);
  await frames(page, 8);
  if (args.out) {
    fs.mkdirSync(args.out, { recursive: true });
    const file = path.join(args.out, 'fetch-fallback-browser.png');
    await page.screenshot({ path: file });
    console.log(file);
  }
} catch (e) {
  console.log(`FAIL: ${e.message}`);
  failed = true;
} finally {
  await browser.close();
  for (const c of children) c.kill();
  fs.rmSync(empty, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
