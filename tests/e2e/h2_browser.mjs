// tests/e2e: HTTP/2 in the browser build (docs/http2.md). Starts nghttpd twice (h2c on plain
// TCP; h2 over TLS with a throwaway self-signed certificate), the real `wirepad serve`, and
// headless Chromium. Through the relay the page sends:
//   1. GET with prior knowledge to the h2c server: the frames are the page's own (nghttp2 in wasm);
//   2. GET with "http2" to the TLS server: the relay offers h2 in ALPN, reports h2, and the page
//      speaks HTTP/2 inside the relay's TLS.
// Checks each exchange's status, body and frame list (window.wirepad.state()), and saves
// OUT/h2-frames-browser.png with the Frames tab forward. Exits 77 without a web build.
// usage: node h2_browser.mjs --wirepad PATH --web-root DIR --out DIR [--chromium PATH]
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { frames, freePort, launchChromium, parseArgs, startAndWaitFor, waitForPort } from './e2e_support.mjs';

const args = parseArgs();
if (!fs.existsSync(path.join(args.webRoot, 'wirepad_web.wasm'))) {
  console.log(`skipped: no web build in ${args.webRoot} (scripts/build.sh web)`);
  process.exit(77);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wirepad-h2-browser-'));
fs.writeFileSync(path.join(tmp, 'hello.txt'), 'hello from nghttpd over h2\n');
execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-days', '1',
  '-keyout', path.join(tmp, 'key.pem'), '-out', path.join(tmp, 'cert.pem')], { stdio: 'ignore' });
const h2cPort = await freePort();
const tlsPort = await freePort();
const children = [];
children.push(spawn('/usr/sbin/nghttpd', ['-d', tmp, '--no-tls', String(h2cPort)], { stdio: 'ignore' }));
children.push(spawn('/usr/sbin/nghttpd', ['-d', tmp, String(tlsPort), path.join(tmp, 'key.pem'), path.join(tmp, 'cert.pem')],
  { stdio: 'ignore' }));
await waitForPort(h2cPort);
await waitForPort(tlsPort);

const serve = await startAndWaitFor(args.wirepad,
  ['serve', '--port', '0', '--web-root', args.webRoot, '--no-lab', '--pairings', path.join(tmp, 'pairings.json')],
  /^serving (http:\/\/\S+)/);
children.push(serve.child);
const browser = await launchChromium(args.chromium);
let failed = false;

async function sendAndCheck(page, name, url, version, how) {
  const experiment = {
    wirepad: 7, kind: 'http', name,
    request: { method: 'GET', url, headers: [] },
    options: { http_version: version, verify_tls: false },
  };
  const loaded = await page.evaluate((e) => window.wirepad.load(JSON.stringify(e)), experiment);
  if (!loaded || !loaded.ok) throw new Error(`${name}: load refused: ${JSON.stringify(loaded)}`);
  await frames(page);
  const sent = await page.evaluate(() => window.wirepad.send());
  if (!sent || !sent.ok) throw new Error(`${name}: send refused: ${JSON.stringify(sent)}`);
  await page.waitForFunction(() => ['done', 'failed'].includes(window.wirepad.state().phase), null, { timeout: 30000 });
  const state = await page.evaluate(() => window.wirepad.state());
  if (state.phase !== 'done') throw new Error(`${name}: ${JSON.stringify(state.error)}`);
  if (state.status !== 200 || state.http_version !== '2') throw new Error(`${name}: status ${state.status}, HTTP ${state.http_version}`);
  if (state.body !== 'hello from nghttpd over h2\n') throw new Error(`${name}: body ${JSON.stringify(state.body)}`);
  if (!state.http2 || state.http2.how !== how) throw new Error(`${name}: http2 ${JSON.stringify(state.http2 && state.http2.how)}`);
  const types = state.http2.frames.map((f) => `${f.sent ? 'send' : 'recv'} ${f.type}`);
  for (const want of ['send SETTINGS', 'send HEADERS', 'recv SETTINGS', 'recv HEADERS', 'recv DATA']) {
    if (!types.includes(want)) throw new Error(`${name}: no "${want}" frame in ${types.join(', ')}`);
  }
  console.log(`${name}: ${state.http2.frames.length} frames (${how})`);
  return state;
}

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(serve.match[1]);
  await page.waitForFunction(() => window.wirepad && window.wirepad.frames() > 2, null, { timeout: 60000 });
  await sendAndCheck(page, 'h2c with prior knowledge', `http://127.0.0.1:${h2cPort}/hello.txt`, 'http2-prior-knowledge',
    'prior knowledge');
  const tls = await sendAndCheck(page, 'h2 over the relay\'s TLS', `https://127.0.0.1:${tlsPort}/hello.txt`, 'http2', 'ALPN h2');
  if (!tls.tls || tls.tls.alpn !== 'h2') throw new Error(`TLS: ${JSON.stringify(tls.tls)}`);
  await page.evaluate(() => window.wirepad.openTab('Frames'));
  await page.mouse.move(1270, 790);
  await frames(page, 8);
  if (args.out) {
    fs.mkdirSync(args.out, { recursive: true });
    const file = path.join(args.out, 'h2-frames-browser.png');
    await page.screenshot({ path: file });
    console.log(file);
  }
} catch (e) {
  console.log(`FAIL: ${e.message}`);
  failed = true;
} finally {
  await browser.close();
  for (const c of children) c.kill();
  fs.rmSync(tmp, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
