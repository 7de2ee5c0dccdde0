// tests/e2e: a HAR recorded by Chromium itself, imported and replayed by Wirepad.
// Python's http.server on loopback (har_capture_server.py) serves a page that sends a GET and
// a POST with fetch; headless Chromium (Debian's, driven by playwright-core) loads it with
// Playwright's recordHar; `wirepad import` turns the HAR into experiment files and
// `wirepad run` sends each one to the same server, which must receive the request line,
// headers and body Chromium sent.
//
// usage: node har_record_replay.mjs --wirepad PATH [--out DIR] [--chromium PATH]
// exit:  0 passed, 1 failed (each failure says what was expected and what came)
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

function parseArgs(argv) {
  const args = { out: path.join(here, 'out'), chromium: '/usr/bin/chromium' };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--wirepad') args.wirepad = value;
    else if (flag === '--out') args.out = value;
    else if (flag === '--chromium') args.chromium = value;
    else throw new Error(`unknown argument '${flag}' (usage: --wirepad PATH [--out DIR] [--chromium PATH])`);
  }
  if (!args.wirepad) throw new Error('--wirepad is required');
  return args;
}

const failures = [];
function check(condition, what, details) {
  if (condition) console.log(`  ok   ${what}`);
  else {
    const text = details === undefined ? what : `${what}\n         got: ${details}`;
    console.log(`  FAIL ${text}`);
    failures.push(text);
  }
  return condition;
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// Starts the capture server and resolves with its port once it printed "listening PORT".
function startServer(children) {
  const child = spawn('python3', [path.join(here, 'har_capture_server.py')], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return withTimeout(new Promise((resolve, reject) => {
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      const m = line.match(/^listening (\d+)/);
      if (m) resolve(Number(m[1]));
    });
    child.on('error', (e) => reject(new Error(`python3 could not start: ${e.message}`)));
    child.on('exit', (code) => reject(new Error(`the capture server exited (${code})`)));
  }), 15000, 'the capture server');
}

async function records(port) {
  const res = await withTimeout(fetch(`http://127.0.0.1:${port}/__log`), 10000, 'GET /__log');
  return res.json();
}

// The request as it arrived: request line, "name: value" lines (names lower-cased: HTTP
// field names are case-insensitive, RFC 9110 §5.1) in arrival order, body.
function shape(r) {
  return { line: r.request_line, headers: r.headers.map(([k, v]) => `${k.toLowerCase()}: ${v}`), body: r.body };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  fs.mkdirSync(args.out, { recursive: true });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'wirepad-har-'));
  const harPath = path.join(work, 'recorded.har');
  const children = [];
  const stopAll = () => { for (const c of children) if (c.exitCode === null) c.kill('SIGTERM'); };
  process.on('exit', stopAll);
  try {
    const { chromium } = await import('playwright-core');
    const port = await startServer(children);
    console.log(`capture server: 127.0.0.1:${port}`);

    const browser = await chromium.launch({
      executablePath: args.chromium,
      headless: true,
      chromiumSandbox: false,  // --no-sandbox: the test runs as root in a container
      args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
    try {
      const context = await browser.newContext({ recordHar: { path: harPath, mode: 'full', content: 'embed' } });
      const page = await context.newPage();
      await page.goto(`http://127.0.0.1:${port}/page`);
      await page.waitForFunction(() => document.title === 'done', null, { timeout: 30000 });
      await context.close();  // writes the HAR
    } finally {
      await browser.close();
    }
    fs.copyFileSync(harPath, path.join(args.out, 'chromium-recorded.har'));
    const byBrowser = await records(port);
    const har = JSON.parse(fs.readFileSync(harPath, 'utf8'));
    console.log(`Chromium sent ${byBrowser.length} requests; the HAR has ${har.log.entries.length} entries`);
    check(byBrowser.some((r) => r.request_line.startsWith('POST /api/items')), 'Chromium sent the POST');

    const dir = path.join(work, 'imported');
    const imported = spawnSync(args.wirepad, ['import', harPath, '-o', dir], { encoding: 'utf8', timeout: 30000 });
    console.log(imported.stderr.trimEnd().split('\n').map((l) => `    ${l}`).join('\n'));
    check(imported.status === 0, 'wirepad import exits 0', `${imported.status}`);
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
    check(files.length === har.log.entries.length, 'one experiment file per HAR entry', files.join(', '));

    for (const file of files) {
      const experiment = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
      const { method, url } = experiment.request;
      const target = new URL(url);
      const sentLine = `${method} ${target.pathname}${target.search} HTTP/1.1`;
      const original = byBrowser.find((r) => r.request_line === sentLine);
      if (!check(original !== undefined, `${file}: the browser sent ${sentLine}`)) continue;
      const before = (await records(port)).length;
      const ran = spawnSync(args.wirepad, ['run', path.join(dir, file)], { encoding: 'utf8', timeout: 30000 });
      check(ran.status === 0, `${file}: wirepad run exits 0`, `${ran.status} ${ran.stderr}`);
      const after = await records(port);
      check(after.length === before + 1, `${file}: one request arrived`, `${after.length - before}`);
      const replayed = after[after.length - 1];
      const want = shape(original), got = shape(replayed);
      check(got.line === want.line, `${file}: request line ${want.line}`, got.line);
      // The same fields and values. The order can differ: Playwright's HAR lists headers in
      // its own order, not the wire's; Wirepad keeps the HAR's order, which is checked too.
      check(JSON.stringify([...got.headers].sort()) === JSON.stringify([...want.headers].sort()),
        `${file}: the same ${want.headers.length} header fields and values`,
        `\n           want ${JSON.stringify(want.headers)}\n           got  ${JSON.stringify(got.headers)}`);
      const entry = har.log.entries.find((e) => e.request.method === method && e.request.url === url);
      const harOrder = entry.request.headers.filter((h) => !h.name.startsWith(':'))
        .map((h) => `${h.name.toLowerCase()}: ${h.value}`);
      check(JSON.stringify(got.headers) === JSON.stringify(harOrder), `${file}: sent in the HAR's order`,
        JSON.stringify(got.headers));
      check(got.body === want.body, `${file}: the same body (${want.body.length} bytes)`, JSON.stringify(got.body));
    }
  } finally {
    stopAll();
    fs.rmSync(work, { recursive: true, force: true });
  }
  if (failures.length) {
    console.log(`\n${failures.length} check(s) failed`);
    process.exit(1);
  }
  console.log('\nall checks passed');
  process.exit(0);
}

main().catch((e) => {
  console.log(`FAIL: ${e.stack || e.message}`);
  process.exit(1);
});
