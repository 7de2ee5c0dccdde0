// tests/e2e: the browser build, end to end. Starts the real `wirepad serve` (page + relay +
// lab servers) and Python's http.server on loopback, opens the page in headless Chromium,
// and drives it through window.wirepad (web/test_api.js): every byte goes page -> WebSocket
// -> relay -> TCP -> server and back.
//
// usage: node e2e_browser.mjs --wirepad PATH --web-root DIR [--out DIR] [--chromium PATH]
// exit:  0 passed, 1 failed (each failure says what was expected and what came), 77 skipped
//        (no web build in --web-root).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));
const SKIP = 77;

// ---------------------------------------------------------------------------------------
// Arguments and small helpers
// ---------------------------------------------------------------------------------------

function parseArgs(argv) {
  const args = { out: path.join(here, 'out'), chromium: '/usr/bin/chromium' };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--wirepad') args.wirepad = value;
    else if (flag === '--web-root') args.webRoot = value;
    else if (flag === '--out') args.out = value;
    else if (flag === '--chromium') args.chromium = value;
    else throw new Error(`unknown argument '${flag}' (usage: --wirepad PATH --web-root DIR [--out DIR] [--chromium PATH])`);
    i++;
  }
  if (!args.wirepad || !args.webRoot) throw new Error('--wirepad and --web-root are required');
  return args;
}

const failures = [];
let checks = 0;
function check(condition, what, details) {
  checks++;
  if (condition) {
    console.log(`  ok   ${what}`);
  } else {
    const text = details === undefined ? what : `${what}\n         got: ${details}`;
    console.log(`  FAIL ${text}`);
    failures.push(text);
  }
  return condition;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// Starts a process and resolves once `pattern` matched a line of its stdout (or stderr).
// The process is recorded so it is stopped at exit whatever happens.
const children = [];
function startAndWaitFor(command, args, pattern, what, options = {}) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  children.push(child);
  const lines = [];
  const matched = new Promise((resolve, reject) => {
    const onLine = (line) => {
      lines.push(line);
      const m = line.match(pattern);
      if (m) resolve({ child, match: m, lines });
    };
    readline.createInterface({ input: child.stdout }).on('line', onLine);
    readline.createInterface({ input: child.stderr }).on('line', onLine);
    child.on('error', (e) => reject(new Error(`${what} could not start (${command}): ${e.message}`)));
    child.on('exit', (code, signal) =>
      reject(new Error(`${what} exited (code ${code}, signal ${signal}) before it was ready; it said:\n${lines.join('\n')}`)));
  });
  return withTimeout(matched, 20000, `${what} to get ready`).then((r) => ({ ...r, lines }));
}

function stopChildren() {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  }
}

// A loopback port that nothing listens on: bind an ephemeral one, then close it.
function closedPort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// A loopback server that accepts connections and never answers (for the first-byte timeout).
function silentServer() {
  return new Promise((resolve, reject) => {
    const sockets = [];
    const server = net.createServer((socket) => { sockets.push(socket); socket.on('error', () => {}); });
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => resolve({
      port: server.address().port,
      close: () => { for (const s of sockets) s.destroy(); server.close(); },
    }));
  });
}

// A loopback HTTP server that answers /gzip and /br with one text encoded by Node's zlib
// (a real encoder, not ours), to check that the browser build decodes content codings.
function codingServer(text) {
  return new Promise((resolve, reject) => {
    const server = http.createServer((req, res) => {
      const gz = req.url === '/gzip';
      const body = gz ? zlib.gzipSync(text) : zlib.brotliCompressSync(text);
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Encoding': gz ? 'gzip' : 'br', 'Content-Length': body.length });
      res.end(body);
    });
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => resolve({ port: server.address().port, close: () => server.close() }));
  });
}

// The exchange log's header list, whatever the JSON shape: [{name,value}], [[name,value]] or {name:value}.
function headerValue(headers, name) {
  const want = name.toLowerCase();
  if (Array.isArray(headers)) {
    for (const h of headers) {
      if (Array.isArray(h) && String(h[0]).toLowerCase() === want) return String(h[1]);
      if (h && typeof h === 'object' && String(h.name).toLowerCase() === want) return String(h.value);
    }
    return undefined;
  }
  if (headers && typeof headers === 'object') {
    for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === want) return String(v);
  }
  return undefined;
}

function errorCode(state) {
  const e = state.error;
  if (e && typeof e === 'object') return e.code;
  return state.error_code ?? e;
}

// Runs the native CLI and parses its --json output (the same JSON as window.wirepad.state()).
function runNative(binary, argv) {
  return new Promise((resolve) => {
    const child = spawn(binary, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(out));
      } catch (e) {
        check(false, `wirepad ${argv.join(' ')} prints JSON`, `exit ${code}: ${out.slice(0, 300)}`);
        resolve(null);
      }
    });
  });
}

// ---------------------------------------------------------------------------------------
// The page
// ---------------------------------------------------------------------------------------

// The Wire tab in a 1280x800 window with the browser's font (DejaVu Sans Mono at 15 px, as on
// the desktop): the tabs after Raw are Hex, Timings, Timeline, then Wire (ui/viewer_tabs.cpp).
const RAW_TAB_X = 445;
const TIMINGS_TAB_X = 534;
const TIMELINE_TAB_X = 606;
const WIRE_TAB_X = 667;
const RESPONSE_TABS_Y = 391;  // the response's viewer tabs (ui/viewer_tabs.cpp), below the tab bar and the menu

async function exchange(page, experiment, what) {
  const loaded = await page.evaluate((e) => window.wirepad.load(e), experiment);
  if (!check(loaded && loaded.ok === true, `${what}: wirepad.load accepts the experiment`, JSON.stringify(loaded))) return null;
  const sent = await page.evaluate(() => window.wirepad.send());
  if (!check(sent && sent.ok === true, `${what}: wirepad.send starts the exchange`, JSON.stringify(sent))) return null;
  const deadline = Date.now() + 30000;
  let state;
  for (;;) {
    state = await page.evaluate(() => window.wirepad.state());
    if (['done', 'failed', 'cancelled'].includes(state.phase)) break;
    if (Date.now() > deadline) {
      check(false, `${what}: the exchange finishes within 30 s`, JSON.stringify(state).slice(0, 2000));
      return null;
    }
    await sleep(50);
  }
  return state;
}

// Takes the page's own experiment document and points it somewhere else, so the test does
// not restate the format (docs/experiment-format.md).
async function experimentFor(page, url, name) {
  const doc = await page.evaluate(() => window.wirepad.experiment());
  doc.name = name;
  doc.request.method = 'GET';
  doc.request.url = url;
  doc.request.headers = [];
  doc.request.body = '';
  return doc;
}

async function waitFrames(page, count) {
  const start = await page.evaluate(() => window.wirepad.frames());
  await page.waitForFunction((n) => window.wirepad.frames() >= n, start + count, { timeout: 30000 });
}

async function screenshot(page, out, name) {
  fs.mkdirSync(out, { recursive: true });
  const file = path.join(out, name);
  await page.screenshot({ path: file });
  console.log(`  screenshot: ${file}`);
}

// Runs the native CLI and returns its stdout and exit code.
function runText(binary, argv) {
  return new Promise((resolve) => {
    const child = spawn(binary, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.on('exit', (code) => resolve({ code, out }));
  });
}

// ---------------------------------------------------------------------------------------
// Pairing: a copy of the page on a second origin (docs/relay-security.md)
// ---------------------------------------------------------------------------------------

// Opens the static copy in a fresh browser context (its own localStorage unless `context` is
// given); `onPrompt(message)` answers the pairing prompt (a code, or null to dismiss).
async function openCopy(browser, url, onPrompt, context) {
  const ctx = context ?? await browser.newContext({ viewport: { width: 1000, height: 700 } });
  const page = await ctx.newPage();
  const prompts = [];
  page.on('dialog', async (d) => {
    prompts.push(d.message());
    const answer = onPrompt(d.message());
    if (answer === null) await d.dismiss(); else await d.accept(answer);
  });
  await page.goto(url);
  await page.waitForFunction(() => window.wirepad && window.wirepad.frames() > 2, null, { timeout: 60000 });
  return { ctx, page, prompts };
}

async function pairingSection(browser, args, serve, pageUrl, pythonPort, knownBody, pairingsFile) {
  console.log('a copy of the page on a second origin: refused until it pairs with the one-time code');
  const codeLine = serve.lines.map((l) => l.match(/^pairing code: (\S+)/)).find(Boolean);
  if (!check(Boolean(codeLine), 'wirepad serve prints a one-time pairing code', serve.lines.join(' | '))) return;
  const relayHost = new URL(pageUrl).host;
  // The web build as it is, served by another server on another port: a static host.
  const copy = await startAndWaitFor('python3',
    ['-u', '-m', 'http.server', '0', '--bind', '127.0.0.1', '--directory', args.webRoot],
    /Serving HTTP on \S+ port (\d+)/, 'python3 -m http.server (the second origin)');
  const otherOrigin = `http://127.0.0.1:${copy.match[1]}`;
  const copyUrl = `${otherOrigin}/index.html?relay=${relayHost}`;
  const fileUrl = `http://127.0.0.1:${pythonPort}/known.txt`;

  // What the relay tells a page of that origin that has not paired.
  const refusal = await new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port: new URL(pageUrl).port, path: '/relay?token=anything', timeout: 5000, headers: {
      Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13',
      'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', Origin: otherOrigin, Host: relayHost } });
    req.on('response', (r) => { let t = ''; r.on('data', (d) => { t += d; }); r.on('end', () => resolve({ status: r.statusCode, text: t })); });
    req.on('upgrade', (r, socket) => { socket.destroy(); resolve({ status: 101, text: 'upgraded' }); });
    req.on('error', (e) => resolve({ status: 0, text: e.message }));
  });
  check(refusal.status === 403 && refusal.text.startsWith(`Origin '${otherOrigin}' is not paired with this relay; pair it by`) &&
        refusal.text.includes('one-time pairing code'),
    'an unpaired second origin is refused with a sentence that says how to pair', `${refusal.status} ${refusal.text}`);

  // The copy without the code: the app starts and sends HTTP with the browser's fetch()
  // (docs/browser.md, "Without a relay"); the file server is another origin without CORS, so
  // the browser refuses the answer, and the error says why and points to pairing.
  const unpaired = await openCopy(browser, copyUrl, () => null);
  check(unpaired.prompts.length === 1 && /pairing code/.test(unpaired.prompts[0]),
    'the copy asks for the pairing code', JSON.stringify(unpaired.prompts));
  let s = await exchange(unpaired.page, await experimentFor(unpaired.page, fileUrl, 'Unpaired'), 'unpaired copy');
  if (s) {
    const message = s.error && typeof s.error === 'object' ? s.error.message : String(s.error_message ?? s.error);
    check(s.phase === 'failed' && errorCode(s) === 'io_error' && /fetch\(\) failed/.test(message) &&
          message.includes(`this page's origin ${otherOrigin}`) && /wirepad serve/.test(message),
      'without pairing, the copy uses fetch(): refused by CORS, the error says so and points to pairing',
      `${s.phase} ${JSON.stringify(s.error)}`);
  }
  const wsFromCopy = await unpaired.page.evaluate((relay) => new Promise((resolve) => {
    const ws = new WebSocket(`ws://${relay}/relay?token=guess`);
    const timer = setTimeout(() => resolve('no answer within 5 s'), 5000);
    ws.onopen = () => { clearTimeout(timer); ws.close(); resolve('opened'); };
    ws.onclose = (e) => { clearTimeout(timer); resolve(`closed ${e.code}`); };
  }), relayHost);
  check(wsFromCopy.startsWith('closed'), 'a WebSocket from the second origin never opens without pairing', wsFromCopy);
  await unpaired.ctx.close();

  // With the code: paired once, then it works; the token is kept for the next visit.
  const paired = await openCopy(browser, copyUrl, () => codeLine[1]);
  s = await exchange(paired.page, await experimentFor(paired.page, fileUrl, 'Paired'), 'paired copy');
  if (s) {
    check(s.phase === 'done' && s.status === 200 && s.body === knownBody,
      'after entering the code, the copy fetches through the relay', `${s.phase} ${s.status} ${JSON.stringify(s.error)}`);
  }
  const kept = await paired.page.evaluate((relay) => localStorage.getItem('wirepad.pairing.' + relay), relayHost);
  check(typeof kept === 'string' && kept.length === 64, 'the page keeps its pairing token in localStorage', kept);
  const again = await openCopy(browser, copyUrl, () => null, paired.ctx);
  check(again.prompts.length === 0, 'a reload of the paired copy does not ask again', JSON.stringify(again.prompts));
  const listed = await runText(args.wirepad, ['relay', 'pairings', '--pairings', pairingsFile]);
  check(listed.code === 0 && listed.out.startsWith(`${otherOrigin}  paired `), '`wirepad relay pairings` lists the origin', listed.out);
  const reused = await runText(args.wirepad, ['relay', 'pairings', '--pairings', pairingsFile, '--revoke', otherOrigin]);
  check(reused.code === 0 && /revoked 1 pairing/.test(reused.out), '`--revoke ORIGIN` revokes it', reused.out);

  // Revoked: the next visit is told why and asked again.
  const revoked = await openCopy(browser, copyUrl, () => null, paired.ctx);
  check(revoked.prompts.length === 1 && revoked.prompts[0].includes('was revoked'),
    'after --revoke the copy is refused and asks for a code again, saying why', JSON.stringify(revoked.prompts));
  s = await exchange(revoked.page, await experimentFor(revoked.page, fileUrl, 'Revoked'), 'revoked copy');
  if (s) check(s.phase === 'failed' && errorCode(s) === 'io_error' && /fetch\(\) failed/.test(s.error.message),
    'a revoked copy no longer uses the relay (fetch() instead, refused by CORS)', `${s.phase} ${JSON.stringify(s.error)}`);
  await paired.ctx.close();
  copy.child.kill('SIGTERM');
}

// ---------------------------------------------------------------------------------------
// The test
// ---------------------------------------------------------------------------------------

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const wasm = path.join(args.webRoot, 'wirepad_web.wasm');
  if (!fs.existsSync(wasm)) {
    console.log(`SKIP: no browser build at ${wasm}. Build it with scripts/build.sh web ` +
      '(or point WIREPAD_WEB_BUILD_DIR at a folder holding index.html, wirepad_web.js and wirepad_web.wasm).');
    return SKIP;
  }
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch (e) {
    console.log(`FAIL: playwright-core is not installed in ${here}: run scripts/setup.sh ` +
      `(or 'npm ci' in tests/e2e). (${e.message})`);
    return 1;
  }
  if (!fs.existsSync(args.chromium)) {
    console.log(`FAIL: no Chromium at ${args.chromium}: install the Debian package 'chromium' (scripts/setup.sh does).`);
    return 1;
  }

  // A real HTTP server with a file whose bytes the test knows.
  const docroot = fs.mkdtempSync(path.join(os.tmpdir(), 'wirepad-e2e-files-'));
  const knownBody = 'Wirepad browser e2e: these exact bytes came through the relay.\n' +
    'Line two, with UTF-8: \u00e9\u00e8 \u2713\n';
  fs.writeFileSync(path.join(docroot, 'known.txt'), knownBody);
  // Chinese, Japanese, and Korean (Hangul: a second font, Droid Sans Fallback has none); emoji
  // beyond U+FFFF and symbols (a third font, Symbola, for what DejaVu Sans Mono lacks).
  fs.writeFileSync(path.join(docroot, 'cjk.txt'), '\u4f60\u597d\uff0c\u4e16\u754c (hello, world) \u3053\u3093\u306b\u3061\u306f\n' +
    '\ud55c\uad6d\uc5b4 \ud14d\uc2a4\ud2b8 (Korean text)\n' +
    'build \u2713 passed \u{1F600} deploy \u{1F680} lint \u274C \u2717 \u2192 \u2605 \u2B50 (emoji and symbols)\n');
  const knownLength = Buffer.byteLength(knownBody);
  const python = await startAndWaitFor('python3',
    ['-u', '-m', 'http.server', '0', '--bind', '127.0.0.1', '--directory', docroot],
    /Serving HTTP on \S+ port (\d+)/, 'python3 -m http.server');
  const pythonPort = Number(python.match[1]);

  // The real `wirepad serve`: page, relay and (in-process) lab servers, all on ephemeral ports.
  // Pairings in a temp file, never the user's ~/.config/wirepad (the pairing section below).
  const pairingsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wirepad-e2e-pairings-')), 'pairings.json');
  const serve = await startAndWaitFor(args.wirepad,
    ['serve', '--port', '0', '--web-root', args.webRoot, '--hello-port', '0', '--tcp-echo-port', '0', '--udp-echo-port', '0',
     '--pairings', pairingsFile],
    /^serving (http:\/\/\S+)/, 'wirepad serve');
  const pageUrl = serve.match[1];
  const helloLine = serve.lines.map((l) => l.match(/^hello\s+(http:\/\/\S+)/)).find(Boolean);
  console.log(`wirepad serve: ${pageUrl}  hello: ${helloLine ? helloLine[1] : '(not reported)'}  http.server: ${pythonPort}`);

  const browser = await chromium.launch({
    executablePath: args.chromium,
    headless: true,
    chromiumSandbox: false,  // --no-sandbox: the test runs as root in a container
    // Playwright gives every launch a fresh temporary profile (--user-data-dir).
    args: [
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--no-first-run', '--disable-quic',
      '--use-angle=swiftshader', '--enable-unsafe-swiftshader',  // WebGL without a GPU
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 },
      permissions: ['clipboard-read', 'clipboard-write'] });  // the test writes the clipboard
    const consoleLines = [];
    page.on('console', (m) => consoleLines.push(`[console.${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));
    const dumpConsole = () => { if (consoleLines.length) console.log(consoleLines.slice(-40).join('\n')); };

    console.log('page');
    await page.goto(pageUrl);
    try {
      await page.waitForFunction(() => window.wirepad && window.wirepad.frames() > 2, null, { timeout: 60000 });
    } catch (e) {
      await screenshot(page, args.out, 'browser-not-ready.png');
      dumpConsole();
      check(false, 'the page starts and draws frames within 60 s', e.message);
      return 1;
    }
    check(await page.evaluate(() => !document.getElementById('loading')), 'the loading text is gone after the first frame');
    const firstFrameMs = await page.evaluate(() => window.wirepadFirstFrameMs);
    check(typeof firstFrameMs === 'number' && firstFrameMs < 60000, 'the first frame is drawn within 60 s of navigation', firstFrameMs);
    console.log(`  time from navigation to the first frame: ${Math.round(firstFrameMs)} ms`);
    const size = await page.evaluate(() => [document.getElementById('canvas').width, document.getElementById('canvas').height]);
    check(size[0] === 1280 && size[1] === 800, 'the canvas fills the window (1280x800)', size.join('x'));
    const opening = await page.evaluate(() => window.wirepad.experiment());
    check(opening && opening.request && helloLine && opening.request.url === helloLine[1],
      'the page opens with the example request to the lab hello server wirepad serve started',
      `${JSON.stringify(opening)} vs ${helloLine && helloLine[1]}`);
    check((await page.evaluate(() => window.wirepad.state())).phase === 'idle', 'state() is idle before the first send');
    // The page fetches the main font as it starts (web/web_fonts.cpp); the fallback fonts are
    // not part of the first download: only ASCII is on screen yet.
    try {
      await page.waitForFunction(() => window.wirepadMainFontLoaded !== undefined, null, { timeout: 30000 });
    } catch (e) { /* reported below */ }
    check(await page.evaluate(() => window.wirepadMainFontLoaded === 1),
      'the page loads the main font (DejaVu Sans Mono) from wirepad serve', await page.evaluate(() => String(window.wirepadMainFontLoaded)));
    const fontTimes = await page.evaluate(() => performance.getEntriesByType('resource')
      .filter((e) => e.name.includes('/fonts/')).map((e) => [e.name.replace(/.*\/fonts\//, ''), Math.round(e.responseEnd), e.encodedBodySize]));
    console.log(`  fonts fetched at start (name, ms after navigation, bytes): ${JSON.stringify(fontTimes)}`);
    check(fontTimes.length === 1 && fontTimes[0][0] === 'mono.ttf',
      'only the main font is fetched while the page shows only ASCII', JSON.stringify(fontTimes));

    console.log('invalid experiment');
    const bad = await page.evaluate(() => window.wirepad.load('{"request": 12'));
    check(bad && bad.ok === false && typeof bad.error === 'string' && bad.error.length > 0,
      'load() of broken JSON answers ok:false with a sentence', JSON.stringify(bad));

    console.log('GET a known file from python3 -m http.server through the relay');
    const fileUrl = `http://127.0.0.1:${pythonPort}/known.txt`;
    let s = await exchange(page, await experimentFor(page, fileUrl, 'Known file'), 'known file');
    if (s) {
      check(s.phase === 'done', 'phase is done', `${s.phase} ${JSON.stringify(s.error)}`);
      check(s.status === 200, 'status is 200', s.status);
      check(s.body === knownBody, 'the body is exactly the file', JSON.stringify(s.body));
      check(headerValue(s.headers, 'content-length') === String(knownLength), `Content-Length is ${knownLength}`,
        JSON.stringify(s.headers));
      check(/^text\/plain/.test(headerValue(s.headers, 'content-type') ?? ''), 'Content-Type is text/plain', JSON.stringify(s.headers));
      check(/^SimpleHTTP\//.test(headerValue(s.headers, 'server') ?? ''), 'the Server header is Python\'s', JSON.stringify(s.headers));
      const t = s.timings ?? {};
      const order = ['namelookup', 'connect', 'pretransfer', 'starttransfer', 'total'];
      check(order.every((k) => typeof t[k] === 'number' && t[k] >= 0), `timings ${order.join(', ')} are all present`, JSON.stringify(t));
      check(order.every((k, i) => i === 0 || t[order[i - 1]] <= t[k]), 'timings are in order', JSON.stringify(t));
      check(t.total < 30, 'the exchange took less than 30 s', t.total);
      // The relay's set-up is a phase of its own, measured by the page; the relay's own name
      // lookup (none: 127.0.0.1 is a literal) and connect come after it (issue 17).
      const r = t.relay ?? {};
      check(typeof r.open === 'number' && r.open > 0 && r.open <= t.namelookup,
        'timings.relay.open (the relay WebSocket open) is > 0 and comes before namelookup', JSON.stringify(t));
      check(r.dns === 0, 'the relay reports no name lookup for the literal 127.0.0.1 (timings.relay.dns 0)', JSON.stringify(r));
      check(typeof r.connect === 'number' && r.connect >= 0 && r.tls === -1, 'the relay reports its connect time, and no TLS', JSON.stringify(r));
      check(r.answered >= t.connect && r.answered <= t.pretransfer + 1e-9,
        'the relay answered once connected, before the first request byte left', JSON.stringify(t));
      // Name lookup is no longer the WebSocket's set-up: what is left between the relay being
      // open and the lookup's end is the connect frame's trip to the relay and back.
      check(t.namelookup - r.open < Math.max(0.25, r.open), 'namelookup ends soon after the relay is open, not a WebSocket set-up later',
        JSON.stringify(t));
      const texts = (s.events ?? []).map((e) => e.text);
      check(texts.some((x) => x.includes('relay WebSocket open (measured by the page)')) &&
        texts.some((x) => /the relay connected to 127\.0\.0\.1: name lookup 0\.0 ms, connect [\d.]+ ms \(measured by the relay/.test(x)),
        'the timeline says which side measured what', JSON.stringify(texts.slice(0, 8)));
      check(!texts.some((x) => x === 'resolving 127.0.0.1'), 'the timeline does not say the page was resolving', JSON.stringify(texts.slice(0, 3)));
      check(typeof s.bytes_sent === 'string' && s.bytes_sent.startsWith('GET /known.txt HTTP/1.1\r\n'),
        'bytes_sent starts with "GET /known.txt HTTP/1.1"', JSON.stringify(s.bytes_sent));
      check(/\r\nHost: 127\.0\.0\.1:\d+\r\n/i.test(s.bytes_sent ?? ''), 'the request carries a Host header', JSON.stringify(s.bytes_sent));
      check(typeof s.bytes_received === 'string' && s.bytes_received.startsWith('HTTP/1.') && s.bytes_received.endsWith(knownBody),
        'bytes_received is the raw response, ending with the body', JSON.stringify((s.bytes_received ?? '').slice(0, 200)));
      const remote = s.remote_address ?? s.address;
      check(remote === `127.0.0.1:${pythonPort}`, `remote address is 127.0.0.1:${pythonPort}`, remote);
    }
    await waitFrames(page, 5);
    await screenshot(page, args.out, 'browser-known-file.png');
    // The Timings tab (the relay phase first, each bar saying who measured it) and the Timeline.
    for (const [x, name] of [[TIMINGS_TAB_X, 'browser-timeline-timings.png'], [TIMELINE_TAB_X, 'browser-timeline-events.png']]) {
      await page.mouse.move(x, RESPONSE_TABS_Y);
      await waitFrames(page, 2);
      await page.mouse.down();
      await waitFrames(page, 2);
      await page.mouse.up();
      await waitFrames(page, 5);
      await screenshot(page, args.out, name);
    }

    console.log('content codings: gzip and br from a Node zlib server are decoded in the browser');
    const codingText = 'Wirepad decodes this in wasm. '.repeat(200);
    const codings = await codingServer(codingText);
    try {
      for (const coding of ['gzip', 'br']) {
        const c = await exchange(page, await experimentFor(page, `http://127.0.0.1:${codings.port}/${coding}`, coding), coding);
        if (!c) continue;
        const d = c.decoding ?? {};
        check(c.phase === 'done' && d.coding === coding && d.complete === true && d.error === null,
          `${coding}: decoded completely`, JSON.stringify(d).slice(0, 300));
        check(d.decoded_body === codingText, `${coding}: the decoded body is the original text`,
          String(d.decoded_body).slice(0, 80));
        check(typeof c.body === 'string' && c.body.length < codingText.length / 4,
          `${coding}: the encoded bytes are kept as the body`, String(c.body.length));
      }
    } finally {
      codings.close();
    }

    if (helloLine) {
      console.log('GET the lab hello server started by wirepad serve');
      s = await exchange(page, await experimentFor(page, helloLine[1], 'Lab hello'), 'lab hello');
      if (s) {
        check(s.phase === 'done' && s.status === 200, 'lab hello answers 200', `${s.phase} ${s.status} ${JSON.stringify(s.error)}`);
        check(typeof s.body === 'string' && s.body.length > 0, 'lab hello sends a body', JSON.stringify(s.body));
      }
      await waitFrames(page, 5);
      await screenshot(page, args.out, 'browser-hello.png');
    } else {
      check(false, 'wirepad serve reports the lab hello server ("hello http://...")', serve.lines.join(' | '));
    }

    console.log('a closed port');
    const port = await closedPort();
    s = await exchange(page, await experimentFor(page, `http://127.0.0.1:${port}/`, 'Closed port'), 'closed port');
    if (s) {
      check(s.phase === 'failed', 'phase is failed', s.phase);
      check(errorCode(s) === 'connect_refused', 'the error code is connect_refused', JSON.stringify(s.error));
      const message = s.error && typeof s.error === 'object' ? s.error.message : s.error_message;
      check(typeof message === 'string' && message.length > 10, 'the error has a sentence', JSON.stringify(s.error));
    }
    await waitFrames(page, 5);
    await screenshot(page, args.out, 'browser-refused.png');

    console.log('a server that never answers (the page\'s own timers enforce the timeout)');
    const silent = await silentServer();
    try {
      const doc = await experimentFor(page, `http://127.0.0.1:${silent.port}/`, 'Silent server');
      doc.options = { ...(doc.options ?? {}), first_byte_timeout: 1 };
      s = await exchange(page, doc, 'silent server');
      if (s) {
        check(s.phase === 'failed' && errorCode(s) === 'first_byte_timeout', 'it fails with first_byte_timeout',
          `${s.phase} ${JSON.stringify(s.error)}`);
        const total = s.timings ? s.timings.total : -1;
        check(total >= 0.9 && total < 5, 'after about 1 s', total);
      }
    } finally {
      silent.close();
    }

    console.log('the same request natively: byte-identical request, same parsed response');
    {
      const fileUrl2 = `http://127.0.0.1:${pythonPort}/known.txt`;
      const web = await exchange(page, await experimentFor(page, fileUrl2, 'Known file'), 'known file again');
      const native = await runNative(args.wirepad, ['send', '--json', fileUrl2]);
      if (web && native) {
        check(web.bytes_sent === native.bytes_sent, 'the browser sent exactly the bytes the native CLI sent',
          `${JSON.stringify(web.bytes_sent)} vs ${JSON.stringify(native.bytes_sent)}`);
        check(web.status === native.status && web.body === native.body &&
              JSON.stringify(web.headers.map((h) => h.name)) === JSON.stringify(native.headers.map((h) => h.name)),
          'and parsed the same status, header names and body', `${web.status}/${native.status}`);
      }
    }

    console.log('the relay refuses a WebSocket without the page\'s token');
    const refused = await page.evaluate(() => new Promise((resolve) => {
      const ws = new WebSocket(`ws://${location.host}/relay?token=not-the-token`);
      const timer = setTimeout(() => resolve('no answer within 5 s'), 5000);
      ws.onopen = () => { clearTimeout(timer); ws.close(); resolve('opened'); };
      ws.onclose = (e) => { clearTimeout(timer); resolve(`closed ${e.code}`); };
    }));
    check(refused.startsWith('closed'), 'a wrong token never opens a relay connection', refused);
    const plain = await new Promise((resolve) => {
      const u = new URL(`${pageUrl}relay?token=not-the-token`);
      const req = http.get({ host: u.hostname, port: u.port, path: u.pathname + u.search, timeout: 5000, headers: {
        Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', Origin: pageUrl.replace(/\/$/, ''), Host: u.host } });
      req.on('response', (r) => { let t = ''; r.on('data', (d) => { t += d; }); r.on('end', () => resolve({ status: r.statusCode, text: t })); });
      req.on('upgrade', (r, socket) => { socket.destroy(); resolve({ status: 101, text: 'upgraded' }); });
      req.on('timeout', () => req.destroy(new Error('no answer within 5 s')));
      req.on('error', (e) => resolve({ status: 0, text: e.message }));
    });
    check(plain.status === 401 && /token/i.test(plain.text), 'the refusal is a 401 whose text names the token',
      `${plain.status} ${plain.text.slice(0, 200)}`);

    console.log('a person at the keyboard: click the URL, type, Enter; then the Raw tab');
    {
      const typedUrl = `http://127.0.0.1:${pythonPort}/known.txt?typed=1`;
      await page.mouse.click(760, 250);             // into the window (the composer's empty area)
      await page.keyboard.press('Control+L');       // the shortcut for the URL field
      await waitFrames(page, 2);
      await page.keyboard.press('Control+A');
      await page.keyboard.type(typedUrl, { delay: 5 });
      await waitFrames(page, 3);
      const typed = await page.evaluate(() => window.wirepad.experiment());
      check(typed.request.url === typedUrl, 'typing on the canvas edits the URL', typed.request.url);
      await page.keyboard.press('Enter');
      const deadline = Date.now() + 30000;
      let st;
      do {
        await sleep(50);
        st = await page.evaluate(() => window.wirepad.state());
        // The previous exchange stays in state() until the typed one replaces it.
      } while (!(['done', 'failed', 'cancelled'].includes(st.phase) && (st.bytes_sent ?? '').includes('?typed=1')) &&
               Date.now() < deadline);
      check(st.phase === 'done' && st.status === 200 && st.bytes_sent.startsWith('GET /known.txt?typed=1 HTTP/1.1\r\n'),
        'Enter in the URL field sends what was typed', `${st.phase} ${st.status} ${JSON.stringify(st.bytes_sent).slice(0, 80)}`);
      // The response's Raw tab; press and release in separate frames, as a person does.
      await page.mouse.move(RAW_TAB_X, RESPONSE_TABS_Y);  // the Raw tab (layout: ui/app.cpp, 1280x800)
      await waitFrames(page, 2);
      await page.mouse.down();
      await waitFrames(page, 2);
      await page.mouse.up();
      await waitFrames(page, 5);
      await screenshot(page, args.out, 'browser-raw.png');
      // Ctrl+V: the browser's paste reaches the focused field (SDL used to swallow the key).
      const pastedUrl = `http://127.0.0.1:${pythonPort}/known.txt?pasted=${'x'.repeat(200)}`;
      await page.evaluate((text) => navigator.clipboard.writeText(text), pastedUrl);
      // Shortcuts a few frames apart, as a person's are: Ctrl+L's focus request makes the field
      // active over the next frames, and a Ctrl+A before that selects nothing.
      await page.keyboard.press('Control+L');
      await waitFrames(page, 8);
      await page.keyboard.press('Control+A');
      await waitFrames(page, 8);
      await page.keyboard.press('Control+V');
      await waitFrames(page, 4);
      const pasted = await page.evaluate(() => window.wirepad.experiment());
      check(pasted.request.url === pastedUrl, 'Ctrl+V pastes the clipboard into the URL field', pasted.request.url.slice(0, 80));
      // And Ctrl+C in a field reaches the browser's clipboard.
      await page.evaluate(() => navigator.clipboard.writeText('before'));
      await page.keyboard.press('Control+A');
      await waitFrames(page, 2);
      await page.keyboard.press('Control+C');
      await waitFrames(page, 4);
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      check(copied === pastedUrl, 'Ctrl+C copies the URL field to the browser\'s clipboard', copied.slice(0, 80));
    }

    console.log('CJK text, emoji and symbols: their fonts are fetched once needed; the Wire tab');
    {
      const doc = await experimentFor(page, `http://127.0.0.1:${pythonPort}/cjk.txt`, 'CJK \u65e5\u672c\u8a9e, emoji \u{1F600} \u2713');
      doc.request.headers = [{ name: 'X-Note', value: '\u2713 \u{1F680} \u6f22\u5b57' }];
      const st = await exchange(page, doc, 'cjk.txt');
      check(st && st.status === 200, 'cjk.txt answers 200', st && st.status);
      // web/web_fonts.cpp sets window[flag] to 1 once a font is in the atlas, 0 if it failed.
      const fontLoaded = async (flag, what) => {
        try {
          await page.waitForFunction((f) => window[f] !== undefined, flag, { timeout: 60000 });
        } catch (e) { /* reported below */ }
        check(await page.evaluate((f) => window[f] === 1, flag), what, await page.evaluate((f) => String(window[f]), flag));
      };
      await fontLoaded('wirepadCjkFontLoaded', 'non-ASCII text makes the page fetch the CJK font from wirepad serve and rebuild the atlas');
      await fontLoaded('wirepadHangulFontLoaded', 'Korean text makes the page fetch the Korean font too');
      await fontLoaded('wirepadSymbolFontLoaded', 'emoji make the page fetch the symbol font too');
      await waitFrames(page, 30);
      await screenshot(page, args.out, 'browser-emoji-cjk.png');  // the Body tab: CJK, emoji, ✓
      await waitFrames(page, 30);  // the atlas rebuilt with the Hangul glyphs (at most twice a second)
      await page.mouse.move(WIRE_TAB_X, RESPONSE_TABS_Y);  // the Wire tab, after Timeline (ui/viewer_tabs.cpp)
      await waitFrames(page, 2);
      await page.mouse.down();
      await waitFrames(page, 2);
      await page.mouse.up();
      await waitFrames(page, 5);
      await screenshot(page, args.out, 'browser-wire.png');
    }

    console.log('a raw TCP session through the relay: the socket panel and the lab echo server');
    {
      const echoLine = serve.lines.map((l) => l.match(/^tcp-echo\s+tcp:\/\/[^:]+:(\d+)/)).find(Boolean);
      if (check(Boolean(echoLine), 'wirepad serve reports the lab TCP echo server', serve.lines.join(' | '))) {
        const port = Number(echoLine[1]);
        const r1 = await page.evaluate((p) => window.wirepad.socket.connect({ protocol: 'tcp', host: '127.0.0.1', port: p }), port);
        check(r1.ok === true, 'socket.connect is accepted', JSON.stringify(r1));
        await page.evaluate(() => window.wirepad.socket.send({ data: 'hello relay\\r\\n\\x00\\xff', format: 'escaped' }));
        await page.evaluate(() => window.wirepad.socket.expect({ data: '\\x00\\xff', format: 'escaped', seconds: 5 }));
        const bad = await page.evaluate(() => window.wirepad.socket.send({ data: '4', format: 'hex' }));
        check(bad.ok === false && /one digit/.test(bad.error), 'a half hex byte is refused with a reason', JSON.stringify(bad));
        let st;
        const until = Date.now() + 15000;
        do {
          await sleep(50);
          st = await page.evaluate(() => window.wirepad.socket.state());
        } while (!(st.steps_done === st.steps_queued && st.bytes_received >= 14) && st.state !== 'failed' && Date.now() < until);
        const got = (st.transcript || []).filter((e) => e.kind === 'received').map((e) => e.bytes_escaped).join('');
        check(st.state === 'open' && got === 'hello relay\\r\\n\\x00\\xff', 'every byte came back through the relay, binary included',
          `${st.state} ${JSON.stringify(st.error)} ${got}`);
        // Half-close through the relay ({"op":"shutdown"}): the echo server reads EOF and
        // closes; with both FINs the session is closed, without an error.
        const sh = await page.evaluate(() => window.wirepad.socket.shutdown());
        check(sh.ok === true, 'socket.shutdown is accepted', JSON.stringify(sh));
        const until2 = Date.now() + 10000;
        do {
          await sleep(50);
          st = await page.evaluate(() => window.wirepad.socket.state());
        } while (st.state === 'open' && Date.now() < until2);
        check(st.state === 'closed' && st.write_shut === true && st.peer_finished === true && st.error === null,
          'half-close through the relay: our FIN, then the peer\'s', `${st.state} ${JSON.stringify(st.error)}`);
        const listen = await page.evaluate(() => window.wirepad.socket.listen());
        check(listen.ok === false && /not possible in the browser/.test(listen.error), 'listening is refused with the reason',
          JSON.stringify(listen));
        await waitFrames(page, 5);
        await screenshot(page, args.out, 'browser-socket.png');
      }
      // The socket lesson's five steps in the browser: Create (the relay looks the name up and
      // makes the socket, {"op":"create"}), Connect ({"op":"connect"}), Send, Expect, Close.
      if (echoLine) {
        const port = Number(echoLine[1]);
        const events = (st) => (st.transcript || []).filter((e) => e.kind === 'event').map((e) => e.text);
        const poll = async (done, ms) => {
          let st;
          const until = Date.now() + ms;
          do {
            await sleep(50);
            st = await page.evaluate(() => window.wirepad.socket.state());
          } while (!done(st) && st.state !== 'failed' && Date.now() < until);
          return st;
        };
        const c = await page.evaluate((p) => window.wirepad.socket.create({ protocol: 'tcp', host: 'localhost', port: p }), port);
        check(c.ok === true, 'socket.create is accepted: the browser Socket tab has Create', JSON.stringify(c));
        let st = await poll((s) => events(s).some((t) => /made by the relay/.test(t)), 10000);
        check(st.held === true && st.state === 'idle' && !events(st).some((t) => /^connected to/.test(t)),
          'after Create the socket is held: made by the relay, not connected', `${st.state} ${st.held} ${JSON.stringify(events(st))}`);
        check(events(st).some((t) => /^created the socket: socket\(AF_INET, SOCK_STREAM\) for 127\.0\.0\.1:\d+, made by the relay \(wirepad serve\), which looked up 'localhost' in [\d.]+ ms \(measured by the relay\)/.test(t)),
          'the transcript names the socket() call the relay made and says the relay measured the name lookup', JSON.stringify(events(st)));
        const cn = await page.evaluate(() => window.wirepad.socket.connect({}));
        check(cn.ok === true, 'socket.connect after create is accepted', JSON.stringify(cn));
        await page.evaluate(() => window.wirepad.socket.send({ data: 'five steps\\n', format: 'escaped' }));
        await page.evaluate(() => window.wirepad.socket.expect({ data: 'five steps', format: 'text', seconds: 5 }));
        st = await poll((s) => s.steps_done === s.steps_queued && s.bytes_received >= 11, 15000);
        check(st.state === 'open' && st.held === false && events(st).includes(`connected to 127.0.0.1:${port}`),
          'Connect connects the held socket; Send and Expect go through it', `${st.state} ${JSON.stringify(st.error)} ${JSON.stringify(events(st))}`);
        const cl = await page.evaluate(() => window.wirepad.socket.close());
        check(cl.ok === true, 'socket.close is accepted', JSON.stringify(cl));
        st = await poll((s) => s.state === 'closed', 10000);
        const labels = (st.timeline || []).map((r) => `${r.kind}:${r.ok}`).join(' ');
        check(st.state === 'closed' && st.error === null && labels === 'connect:true send:true expect:true close:true',
          'the lesson ends closed, every step ok', `${st.state} ${JSON.stringify(st.error)} ${labels}`);
        await waitFrames(page, 10);
        await screenshot(page, args.out, 'browser-socket-create.png');
        // Create, then Abort: the page closes its WebSocket, and the relay closes the held socket.
        const c2 = await page.evaluate((p) => window.wirepad.socket.create({ protocol: 'tcp', host: '127.0.0.1', port: p }), port);
        check(c2.ok === true, 'a second socket.create is accepted', JSON.stringify(c2));
        st = await poll((s) => s.held === true && events(s).some((t) => /made by the relay/.test(t)), 10000);
        check(events(st).some((t) => /made by the relay \(wirepad serve\), with no name lookup \(the host is an address\)/.test(t)),
          'an address literal is created with no name lookup, said so', JSON.stringify(events(st)));
        const ab = await page.evaluate(() => window.wirepad.socket.abort());
        check(ab.ok === true, 'socket.abort is accepted', JSON.stringify(ab));
        const until = Date.now() + 5000;
        while (!serve.lines.some((l) => /created, never connected/.test(l)) && Date.now() < until) await sleep(50);
        check(serve.lines.some((l) => l.includes(`address=127.0.0.1:${port} up=0B down=0B`) && /created, never connected/.test(l)),
          'Abort after Create: the relay closes the held socket and logs it as never connected', serve.lines.slice(-5).join(' | '));
      }
      // UDP unicast through the relay: two datagrams to the lab echo server, echoed one by one.
      const udpLine = serve.lines.map((l) => l.match(/^udp-echo\s+udp:\/\/[^:]+:(\d+)/)).find(Boolean);
      if (check(Boolean(udpLine), 'wirepad serve reports the lab UDP echo server', serve.lines.join(' | '))) {
        const port = Number(udpLine[1]);
        const r = await page.evaluate((p) => window.wirepad.socket.connect({ protocol: 'udp', host: '127.0.0.1', port: p }), port);
        check(r.ok === true, 'a UDP socket.connect is accepted', JSON.stringify(r));
        await page.evaluate(() => window.wirepad.socket.send({ data: 'one', format: 'text' }));
        await page.evaluate(() => window.wirepad.socket.send({ data: 'two', format: 'text' }));
        await page.evaluate(() => window.wirepad.socket.expect({ data: 'two', format: 'text', seconds: 5 }));
        let st;
        const until = Date.now() + 10000;
        do {
          await sleep(50);
          st = await page.evaluate(() => window.wirepad.socket.state());
        } while (!(st.steps_done === st.steps_queued) && st.state !== 'failed' && Date.now() < until);
        check(st.state === 'open' && st.datagrams_received === 2, 'UDP through the relay: each datagram echoed on its own',
          `${st.state} ${st.datagrams_received} ${JSON.stringify(st.error)}`);
        await page.evaluate(() => window.wirepad.socket.close());
      }
    }

    await pairingSection(browser, args, serve, pageUrl, pythonPort, knownBody, pairingsFile);

    if (failures.length) dumpConsole();
  } finally {
    await browser.close();
  }
  return failures.length ? 1 : 0;
}

let code;
try {
  code = await main();
} catch (e) {
  console.log(`FAIL: ${e.stack || e.message}`);
  failures.push(e.message);
  code = 1;
} finally {
  stopChildren();
}
if (code === 0) console.log(`PASS: ${checks} checks`);
else if (code !== SKIP) console.log(`FAILED: ${failures.length} of ${checks} checks:\n - ${failures.join('\n - ')}`);
process.exit(code);
