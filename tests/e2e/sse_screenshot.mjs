// tests/e2e: the Events tab in the browser build (scripts/screenshots_sse.sh). Starts `wirepad
// serve` (with its lab), opens the page in headless Chromium, points the example request at the
// lab's /sse, sends it through the relay, waits for the stream to end and saves OUT/sse-browser.png.
// Fails when the page did not parse the events (window.wirepad.state() has none).
// usage: node sse_screenshot.mjs --wirepad PATH --web-root DIR --out DIR
import { spawn } from 'node:child_process';
import fs from 'node:fs';
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

async function frames(page, n = 4) {
  const start = await page.evaluate(() => window.wirepad.frames());
  await page.waitForFunction((s) => window.wirepad.frames() >= s, start + n, { timeout: 20000 });
}

const { chromium } = await import(path.join(here, 'node_modules', 'playwright-core', 'index.mjs'));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wirepad-sse-shot-'));
const serve = await startAndWaitFor(args.wirepad,
  ['serve', '--port', '0', '--web-root', args.webRoot, '--hello-port', '0', '--tcp-echo-port', '0', '--udp-echo-port', '0',
   '--pairings', path.join(tmp, 'pairings.json')],
  /^serving (http:\/\/\S+)/);
const browser = await chromium.launch({
  executablePath: args.chromium,
  headless: true,
  chromiumSandbox: false,
  args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
    '--disable-quic', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
});
let failed = false;
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(serve.match[1]);
  await page.waitForFunction(() => window.wirepad && window.wirepad.frames() > 2, null, { timeout: 60000 });
  // The example request goes to the lab's hello server: the same server answers /sse.
  const experiment = await page.evaluate(() => window.wirepad.experiment());
  const url = new URL(experiment.request.url);
  url.pathname = '/sse';
  url.search = '?interval_ms=150&count=14&retry=2000';
  experiment.request.url = url.toString();
  experiment.name = 'Lab event stream';
  const loaded = await page.evaluate((e) => window.wirepad.load(JSON.stringify(e)), experiment);
  if (!loaded || !loaded.ok) throw new Error(`load refused: ${JSON.stringify(loaded)}`);
  await frames(page);
  const sent = await page.evaluate(() => window.wirepad.send());
  if (!sent || !sent.ok) throw new Error(`send refused: ${JSON.stringify(sent)}`);
  await page.waitForFunction(() => window.wirepad.state().phase === 'done', null, { timeout: 30000 });
  await page.mouse.move(1270, 790);  // no hover highlight or tooltip in the picture
  await frames(page, 8);
  const state = await page.evaluate(() => window.wirepad.state());
  const events = state.sse ? state.sse.events.length : 0;
  if (events !== 14) throw new Error(`expected 14 events in the page's exchange, got ${events}`);
  const file = path.join(args.out, 'sse-browser.png');
  await page.screenshot({ path: file });
  console.log(`${file} (${events} events)`);
} catch (e) {
  console.log(`FAIL: ${e.message}`);
  failed = true;
} finally {
  await browser.close();
  serve.child.kill();
  fs.rmSync(tmp, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
