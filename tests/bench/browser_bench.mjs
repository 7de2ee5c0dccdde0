// The browser build against the native CLI, in one run (issue 17, docs/benchmarks.md "Browser
// build"). Starts Debian's nginx on an ephemeral loopback port in a temporary folder (serving a
// small file, 10 MiB and 100 MiB of random bytes), the real `wirepad serve` with the web build,
// and headless Chromium with a fresh profile; then measures, in the page (window.wirepad) and
// with `wirepad send` against the same nginx:
//   - 10 MiB and 100 MiB downloads: the exchange's own total time (first step to last byte);
//   - a small GET from a warm page, median of N: on a fresh connection (Connection: close, so
//     each one opens its relay WebSocket) and on the kept-alive one;
//   - the time from the relay WebSocket being open to the first request byte leaving the page
//     (stamped in the page by wrapping WebSocket, independent of the app's own timings);
//   - the page's frame intervals (requestAnimationFrame) while the 100 MiB arrive.
// Prints a table (Markdown) and a JSON line. Not a test: ctest does not run it.
//
// usage: node tests/bench/browser_bench.mjs --wirepad BIN --web-root DIR [--runs N]
//        [--small-runs N] [--chromium /usr/bin/chromium] [--nginx /usr/sbin/nginx] [--json FILE]
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = { runs: 3, smallRuns: 21, chromium: '/usr/bin/chromium', nginx: '/usr/sbin/nginx' };
for (let i = 2; i < process.argv.length; i += 2) {
  const key = process.argv[i].replace(/^--/, '').replace(/-(.)/g, (_, c) => c.toUpperCase());
  if (!(key in args) && !['wirepad', 'webRoot', 'json'].includes(key)) throw new Error(`unknown argument ${process.argv[i]}`);
  args[key] = process.argv[i + 1];
}
if (!args.wirepad || !args.webRoot) throw new Error('usage: --wirepad BIN --web-root DIR [--runs N] [--small-runs N]');
for (const f of ['index.html', 'wirepad_web.js', 'wirepad_web.wasm']) {
  if (!fs.existsSync(path.join(args.webRoot, f))) throw new Error(`${args.webRoot} has no ${f}: run scripts/build.sh web`);
}
if (!fs.existsSync(args.nginx)) throw new Error(`no nginx at ${args.nginx}: apt-get install nginx-light (scripts/setup.sh)`);
const { chromium } = await import(path.join(here, '..', 'e2e', 'node_modules', 'playwright-core', 'index.mjs'));

const MiB = 1024 * 1024;
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const quantile = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };
const children = [];
const cleanup = [];
function stopAll() {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
  for (const f of cleanup) try { f(); } catch { /* best effort */ }
}
process.on('exit', stopAll);

// --- nginx on an ephemeral port, in a temporary folder ------------------------------------
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wirepad-browser-bench-'));
cleanup.push(() => fs.rmSync(tmp, { recursive: true, force: true }));
const www = path.join(tmp, 'www');
fs.mkdirSync(www);
fs.chmodSync(tmp, 0o755);  // nginx's worker runs as another user (www-data or nobody)
fs.writeFileSync(path.join(www, 'small.txt'), 'hello from nginx\n');
for (const [name, size] of [['10m.bin', 10 * MiB], ['100m.bin', 100 * MiB]]) {
  const fd = fs.openSync(path.join(www, name), 'w');
  const block = crypto.randomBytes(MiB);  // random: nothing on the way can compress it
  for (let i = 0; i < size / MiB; ++i) fs.writeSync(fd, block);
  fs.closeSync(fd);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}
function waitForPort(port, ms) {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const c = net.connect(port, '127.0.0.1');
      c.on('connect', () => { c.destroy(); resolve(); });
      c.on('error', () => (Date.now() > deadline ? reject(new Error(`nothing listens on ${port}`)) : setTimeout(attempt, 50)));
    };
    attempt();
  });
}

// nginx cannot report a port it picked itself: take a free one and retry if it was taken meanwhile.
let nginxPort;
for (let attempt = 0; ; ++attempt) {
  nginxPort = await freePort();
  const conf = path.join(tmp, 'nginx.conf');
  fs.writeFileSync(conf, `daemon off;
worker_processes 1;
pid ${tmp}/nginx.pid;
error_log ${tmp}/error.log;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${tmp}/body; proxy_temp_path ${tmp}/proxy; fastcgi_temp_path ${tmp}/fastcgi;
  uwsgi_temp_path ${tmp}/uwsgi; scgi_temp_path ${tmp}/scgi;
  sendfile on; tcp_nodelay on; keepalive_requests 100000;
  default_type application/octet-stream;
  server { listen 127.0.0.1:${nginxPort}; root ${www}; }
}
`);
  const ng = spawn(args.nginx, ['-p', tmp, '-c', conf, '-e', path.join(tmp, 'error.log')], { stdio: 'ignore' });
  children.push(ng);
  try {
    await waitForPort(nginxPort, 5000);
    break;
  } catch (e) {
    if (attempt >= 3) throw new Error(`nginx did not start: ${fs.readFileSync(path.join(tmp, 'error.log'), 'utf8')}`);
  }
}
const base = `http://127.0.0.1:${nginxPort}`;

// --- wirepad serve -------------------------------------------------------------------------
const serve = spawn(args.wirepad, ['serve', '--port', '0', '--web-root', args.webRoot, '--hello-port', '0',
  '--tcp-echo-port', '0', '--udp-echo-port', '0', '--pairings', path.join(tmp, 'pairings.json')], { stdio: ['ignore', 'pipe', 'pipe'] });
children.push(serve);
const pageUrl = await new Promise((resolve, reject) => {
  let text = '';
  const timer = setTimeout(() => reject(new Error('wirepad serve did not start: ' + text)), 15000);
  const take = (d) => {
    text += d;
    const m = text.match(/^serving (http:\/\/\S+)/m);
    if (m) { clearTimeout(timer); resolve(m[1]); }
  };
  serve.stdout.on('data', take);
  serve.stderr.on('data', (d) => { if (text.length < 100000) take(d); });
});

// --- the native CLI --------------------------------------------------------------------------
// `wirepad send --json URL` keeps the body in memory, as the page does; its timings are the
// exchange's own (the process start is not counted, as the page's load is not).
function nativeExchange(url, extra = []) {
  const r = spawnSync(args.wirepad, ['send', '--json', ...extra, url], { maxBuffer: 1024 * MiB, encoding: 'latin1' });
  const m = r.stdout.match(/"timings":(\{[^}]*\})/);
  if (r.status !== 0 || !m) throw new Error(`wirepad send ${url} failed (exit ${r.status}): ${r.stderr.slice(0, 500)}`);
  return JSON.parse(m[1]);
}

// --- the page --------------------------------------------------------------------------------
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'wirepad-bench-profile-'));
cleanup.push(() => fs.rmSync(profile, { recursive: true, force: true }));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: args.chromium, headless: true, chromiumSandbox: false, viewport: { width: 1280, height: 800 },
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--no-first-run', '--disable-quic', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
});
cleanup.unshift(() => {});
// Stamps each relay WebSocket's life in the page: created, open, first text and binary frame
// sent, first text frame received. Installed before the app starts, so it sees every socket.
await context.addInitScript(() => {
  const Native = window.WebSocket;
  window.wirepadBenchSockets = [];
  function Stamped(url, protocols) {
    const ws = protocols === undefined ? new Native(url) : new Native(url, protocols);
    const rec = { created: performance.now() };
    window.wirepadBenchSockets.push(rec);
    ws.addEventListener('open', () => { rec.open = performance.now(); });
    ws.addEventListener('message', (e) => { if (typeof e.data === 'string' && rec.firstTextIn === undefined) rec.firstTextIn = performance.now(); });
    const send = ws.send.bind(ws);
    ws.send = (data) => {
      const key = typeof data === 'string' ? 'firstTextOut' : 'firstBinaryOut';
      if (rec[key] === undefined) rec[key] = performance.now();
      return send(data);
    };
    return ws;
  }
  Stamped.prototype = Native.prototype;
  for (const k of ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED']) Stamped[k] = Native[k];
  window.WebSocket = Stamped;
});
const page = context.pages()[0] ?? await context.newPage();
const consoleErrors = [];
page.on('pageerror', (e) => consoleErrors.push(String(e)));
await page.goto(pageUrl);
await page.waitForFunction(() => window.wirepad && window.wirepad.frames() > 2, null, { timeout: 60000 });

// One exchange in the page: load the URL into the composer, send, poll the cheap summary every
// `pollMs` until it ends; frame intervals are recorded with requestAnimationFrame meanwhile.
async function pageExchange(url, { headers = [], pollMs = 20, frames = false } = {}) {
  const doc = await page.evaluate(() => window.wirepad.experiment());
  doc.name = 'bench';
  doc.request.method = 'GET';
  doc.request.url = url;
  doc.request.headers = headers;
  doc.request.body = '';
  const r = await page.evaluate(async ({ doc, pollMs, frames }) => {
    const loaded = window.wirepad.load(doc);
    if (!loaded.ok) return { error: 'load: ' + JSON.stringify(loaded) };
    const intervals = [];
    let running = frames;
    let last = null;
    const tick = (t) => { if (last !== null) intervals.push(t - last); last = t; if (running) requestAnimationFrame(tick); };
    if (frames) requestAnimationFrame(tick);
    // Main-thread tasks over 50 ms (the browser's own long-task reports) while it runs.
    const longTasks = [];
    const observer = frames && typeof PerformanceObserver === 'function' ? new PerformanceObserver((list) => {
      for (const e of list.getEntries()) longTasks.push(e.duration);
    }) : null;
    try { if (observer) observer.observe({ type: 'longtask' }); } catch { /* not supported */ }
    const hasFrameTimes = typeof window.wirepad.frameTimes === 'function';
    if (hasFrameTimes) window.wirepad.frameTimes();
    const socketsBefore = window.wirepadBenchSockets.length;
    const framesBefore = window.wirepad.frames();
    const t0 = performance.now();
    const sent = window.wirepad.send();
    if (!sent.ok) return { error: 'send: ' + JSON.stringify(sent) };
    let s;
    for (;;) {
      s = window.wirepad.summary();
      if (['done', 'failed', 'cancelled'].includes(s.phase)) break;
      if (performance.now() - t0 > 120000) return { error: 'no end within 120 s: ' + JSON.stringify(s) };
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
    const wall = performance.now() - t0;
    running = false;
    if (observer) observer.disconnect();
    const work = hasFrameTimes ? window.wirepad.frameTimes() : [];
    return { summary: s, wall_ms: wall, intervals, work, longTasks, frames: window.wirepad.frames() - framesBefore,
      sockets: window.wirepadBenchSockets.slice(socketsBefore), t0 };
  }, { doc, pollMs, frames });
  if (r.error) throw new Error(`${url}: ${r.error}`);
  if (r.summary.phase !== 'done') throw new Error(`${url}: ${JSON.stringify(r.summary).slice(0, 800)}`);
  return r;
}

const results = { nginx: base, runs: Number(args.runs), small_runs: Number(args.smallRuns), download: {}, small: {} };
const mbps = (bytes, seconds) => bytes / seconds / 1e6;

// Warm-up: the page's first request and the CLI's first start (page cache, lazy code).
await pageExchange(`${base}/small.txt`);
nativeExchange(`${base}/small.txt`);

for (const [name, size] of [['10m.bin', 10 * MiB], ['100m.bin', 100 * MiB]]) {
  const pageTotals = [];
  const nativeTotals = [];
  let frameIntervals = [];
  let frameWork = [];
  let longTasks = [];
  for (let run = 0; run < Number(args.runs); ++run) {
    // Alternate which goes first, so neither always meets a warmer page cache.
    const n = nativeExchange(`${base}/${name}`);
    const p = await pageExchange(`${base}/${name}`, { frames: name === '100m.bin', pollMs: 100 });
    if (p.summary.body_size !== size) throw new Error(`${name}: the page got a ${p.summary.body_size}-byte body: ${JSON.stringify(p.summary)}`);
    pageTotals.push(p.summary.timings.total);
    nativeTotals.push(n.total);
    if (name === '100m.bin') {
      frameIntervals = frameIntervals.concat(p.intervals);
      frameWork = frameWork.concat(p.work);
      longTasks = longTasks.concat(p.longTasks);
    }
    console.log(`${name} run ${run + 1}: page ${p.summary.timings.total.toFixed(3)} s (wall ${(p.wall_ms / 1000).toFixed(3)} s, ${p.frames} frames), native ${n.total.toFixed(3)} s`);
  }
  const pt = median(pageTotals);
  const nt = median(nativeTotals);
  results.download[name] = { bytes: size, page_s: pt, native_s: nt, page_mbps: mbps(size, pt), native_mbps: mbps(size, nt), ratio: nt / pt,
    page_all: pageTotals, native_all: nativeTotals };
  if (name === '100m.bin') {
    results.frames = { count: frameIntervals.length, median_ms: median(frameIntervals), p95_ms: quantile(frameIntervals, 0.95),
      max_ms: Math.max(...frameIntervals), over_16ms: frameIntervals.filter((x) => x > 16.7).length,
      work_count: frameWork.length, work_median_ms: frameWork.length ? median(frameWork) : null,
      work_p95_ms: frameWork.length ? quantile(frameWork, 0.95) : null, work_max_ms: frameWork.length ? Math.max(...frameWork) : null,
      long_tasks: longTasks.length, long_task_max_ms: longTasks.length ? Math.max(...longTasks) : 0 };
    // Idle frames for comparison: what this machine's Chromium and SwiftShader do with nothing to receive.
    results.idle_frames = await page.evaluate(async () => {
      const xs = [];
      let last = null;
      await new Promise((resolve) => {
        const tick = (t) => { if (last !== null) xs.push(t - last); last = t; if (xs.length < 60) requestAnimationFrame(tick); else resolve(); };
        requestAnimationFrame(tick);
      });
      xs.sort((a, b) => a - b);
      return { median_ms: xs[30], p95_ms: xs[57] };
    });
  }
}

// Small GETs: on a fresh connection each (Connection: close) and on the kept-alive one.
for (const [label, headers, nativeArgs] of [
  ['fresh', [{ name: 'Connection', value: 'close' }], ['-H', 'Connection: close']],
  ['kept-alive', [], []],
]) {
  const pageTotals = [];
  const nativeTotals = [];
  const openToFirstByte = [];
  const openToConnectFrame = [];
  const wsSetup = [];
  for (let run = 0; run < Number(args.smallRuns); ++run) {
    const p = await pageExchange(`${base}/small.txt`, { headers, pollMs: 1 });
    pageTotals.push(p.summary.timings.total * 1000);
    nativeTotals.push(nativeExchange(`${base}/small.txt`, nativeArgs).total * 1000);
    const ws = p.sockets[0];
    if (ws && ws.open !== undefined && ws.firstBinaryOut !== undefined) {
      openToFirstByte.push(ws.firstBinaryOut - ws.open);
      openToConnectFrame.push(ws.firstTextOut - ws.open);
      wsSetup.push(ws.open - ws.created);
    }
  }
  results.small[label] = { page_ms: median(pageTotals), native_ms: median(nativeTotals), ratio: median(pageTotals) / median(nativeTotals),
    page_all: pageTotals.map((x) => +x.toFixed(2)), native_all: nativeTotals.map((x) => +x.toFixed(2)) };
  if (openToFirstByte.length) {
    results.small[label].ws_open_to_first_request_byte_ms = median(openToFirstByte);
    results.small[label].ws_open_to_first_request_byte_max_ms = Math.max(...openToFirstByte);
    results.small[label].ws_open_to_connect_frame_ms = median(openToConnectFrame);
    results.small[label].ws_setup_ms = median(wsSetup);
  }
  console.log(`small GET (${label}): page ${median(pageTotals).toFixed(2)} ms, native ${median(nativeTotals).toFixed(2)} ms` +
    (openToFirstByte.length ? `, WebSocket open -> first request byte ${median(openToFirstByte).toFixed(2)} ms (max ${Math.max(...openToFirstByte).toFixed(2)})` : ''));
}
// The page's own timeline for one fresh small GET, as the Timings tab shows it.
results.timeline_sample = (await pageExchange(`${base}/small.txt`, { headers: [{ name: 'Connection', value: 'close' }] })).summary;

await context.close();
const load = os.loadavg().map((x) => x.toFixed(2)).join(' ');
const f = (x, d = 1) => x.toFixed(d);
const d10 = results.download['10m.bin'];
const d100 = results.download['100m.bin'];
const sf = results.small.fresh;
const sk = results.small['kept-alive'];
const table = [
  `| measure (median) | page | native CLI | page / native |`,
  `|---|---|---|---|`,
  `| 10 MiB download | ${f(d10.page_s, 3)} s (${f(d10.page_mbps)} MB/s) | ${f(d10.native_s, 3)} s (${f(d10.native_mbps)} MB/s) | ${f(d10.ratio, 2)}x throughput |`,
  `| 100 MiB download | ${f(d100.page_s, 3)} s (${f(d100.page_mbps)} MB/s) | ${f(d100.native_s, 3)} s (${f(d100.native_mbps)} MB/s) | ${f(d100.ratio, 2)}x throughput |`,
  `| small GET, fresh connection (Connection: close) | ${f(sf.page_ms, 2)} ms | ${f(sf.native_ms, 2)} ms | ${f(sf.ratio, 1)}x time |`,
  `| small GET, kept-alive connection | ${f(sk.page_ms, 2)} ms | ${f(sk.native_ms, 2)} ms | ${f(sk.ratio, 1)}x time |`,
  `| relay WebSocket open -> first request byte | ${f(sf.ws_open_to_first_request_byte_ms, 2)} ms (max ${f(sf.ws_open_to_first_request_byte_max_ms, 2)}) | | |`,
  `| relay WebSocket set-up (new -> open) | ${f(sf.ws_setup_ms, 2)} ms | | |`,
  `| frame interval while 100 MiB arrive | median ${f(results.frames.median_ms)} ms, p95 ${f(results.frames.p95_ms)} ms, max ${f(results.frames.max_ms)} ms (${results.frames.over_16ms} of ${results.frames.count} over 16.7 ms) | | |`,
  `| frame interval, idle page (same run) | median ${f(results.idle_frames.median_ms)} ms, p95 ${f(results.idle_frames.p95_ms)} ms | | |`,
  results.frames.work_median_ms === null ? `| the app's work per frame while 100 MiB arrive | (this build does not report it) | | |`
    : `| the app's work per frame while 100 MiB arrive | median ${f(results.frames.work_median_ms)} ms, p95 ${f(results.frames.work_p95_ms)} ms, max ${f(results.frames.work_max_ms)} ms | | |`,
  `| main-thread tasks over 50 ms while 100 MiB arrive | ${results.frames.long_tasks} (longest ${f(results.frames.long_task_max_ms)} ms) | | |`,
];
console.log(`\nBrowser build vs native CLI, ${new Date().toISOString()}, load average ${load}, ${os.cpus().length} CPUs, runs ${args.runs} (downloads), ${args.smallRuns} (small GETs)\n`);
console.log(table.join('\n'));
if (consoleErrors.length) console.log(`\npage errors: ${consoleErrors.join('; ')}`);
results.load_average = load;
results.when = new Date().toISOString();
console.log('\nJSON ' + JSON.stringify(results));
if (args.json) fs.writeFileSync(args.json, JSON.stringify(results, null, 2));
stopAll();
process.exit(0);
