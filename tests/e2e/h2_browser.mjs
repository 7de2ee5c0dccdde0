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
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = { chromium: '/usr/bin/chromium' };
for (let i = 2; i < process.argv.length; ++i) {
  const a = process.argv[i];
  if (a.startsWith('--')) args[a.slice(2).replace(/-(\w)/g, (_, c) => c.toUpperCase())] = process.argv[++i];
}
if (!fs.existsSync(path.join(args.webRoot, 'wirepad_web.wasm'))) {
  console.log(`skipped: no web build in ${args.webRoot} (scripts/build.sh web)`);
  process.exit(77);
}

function startAndWaitFor(command, argv, pattern) {
  const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  return new Promise((resolve, reject) => {
    const onLine = (line) => {
      lines.push(line);
      const m = line.match(pattern);
      if (m) resolve({ child, match: m });
    };
    readline.createInterface({ input: child.stdout }).on('line', onLine);
    readline.createInterface({ input: child.stderr }).on('line', onLine);
    child.on('exit', (code) => reject(new Error(`${command} exited (${code}): ${lines.join('\n')}`)));
    setTimeout(() => reject(new Error(`${command} not ready within 20 s: ${lines.join('\n')}`)), 20000);
  });
}

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = server.address().port;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port) {
  for (let i = 0; i < 200; ++i) {
    const open = await new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => { s.destroy(); resolve(true); });
      s.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`nothing listens on ${port}`);
}

async function frames(page, n = 4) {
  const start = await page.evaluate(() => window.wirepad.frames());
  await page.waitForFunction((s) => window.wirepad.frames() >= s, start + n, { timeout: 20000 });
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

const { chromium } = await import(path.join(here, 'node_modules', 'playwright-core', 'index.mjs'));
const serve = await startAndWaitFor(args.wirepad,
  ['serve', '--port', '0', '--web-root', args.webRoot, '--no-lab', '--pairings', path.join(tmp, 'pairings.json')],
  /^serving (http:\/\/\S+)/);
children.push(serve.child);
const browser = await chromium.launch({
  executablePath: args.chromium,
  headless: true,
  chromiumSandbox: false,
  args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
    '--disable-quic', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
});
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
