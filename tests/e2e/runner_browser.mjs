// tests/e2e: the Runner in the browser build (ui/runner.h). Starts the real `wirepad serve`,
// opens the page in headless Chromium, saves three experiments in the browser's workspace
// (IndexedDB) and runs their folder against the lab server behind the relay: request 2 sends
// request 1's capture, request 3's assertion fails with its expected and actual; the failed
// exchange opens in a tab; "Stop at first failure" stops after a failing first request.
// Screenshot: out/browser-runner.png (the failure selected).
//
// usage: node runner_browser.mjs --wirepad PATH --web-root DIR [--out DIR] [--chromium PATH]
// exit:  0 passed, 1 failed, 77 skipped (no web build in --web-root).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = { out: path.join(here, 'out'), chromium: '/usr/bin/chromium' };
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '').replace('-r', 'R')] = process.argv[i + 1];
if (!fs.existsSync(path.join(args.webRoot || '', 'wirepad_web.wasm'))) {
  console.log(`SKIP: no web build in ${args.webRoot}`);
  process.exit(77);
}

const failures = [];
function check(condition, what, details) {
  console.log(`  ${condition ? 'ok  ' : 'FAIL'} ${what}${condition || details === undefined ? '' : `\n         got: ${details}`}`);
  if (!condition) failures.push(what);
  return condition;
}

const children = [];
function startAndWaitFor(command, argv, pattern) {
  const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const lines = [];
  return new Promise((resolve, reject) => {
    const onLine = (line) => {
      lines.push(line);
      const m = line.match(pattern);
      if (m) resolve({ match: m, lines });
    };
    readline.createInterface({ input: child.stdout }).on('line', onLine);
    readline.createInterface({ input: child.stderr }).on('line', onLine);
    child.on('exit', (code) => reject(new Error(`${command} exited (${code}): ${lines.join('\n')}`)));
    setTimeout(() => reject(new Error(`${command} not ready within 20 s: ${lines.join('\n')}`)), 20000);
  });
}

async function ready(page) {
  await page.waitForFunction(() => window.wirepad && window.wirepad.frames() > 2, null, { timeout: 60000 });
  await page.waitForFunction(() => window.wirepad.workspace && window.wirepad.workspace().ready, null, { timeout: 30000 });
}

async function runToEnd(page, action, argument) {
  await page.evaluate(([a, b]) => window.wirepad.runner(a, b), [action, argument]);
  await page.waitForFunction(() => !window.wirepad.runner('state').running, null, { timeout: 60000 });
  return page.evaluate(() => window.wirepad.runner('state'));
}

let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch (e) {
  console.log(`FAIL: playwright-core is not installed in ${here}: run scripts/setup.sh`);
  process.exit(1);
}
const serve = await startAndWaitFor(args.wirepad,
  ['serve', '--port', '0', '--web-root', args.webRoot, '--hello-port', '0', '--tcp-echo-port', '0', '--udp-echo-port', '0',
   '--pairings', path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wirepad-runner-e2e-')), 'pairings.json')],
  /^serving (http:\/\/\S+)/);
const pageUrl = serve.match[1];
const browser = await chromium.launch({
  executablePath: args.chromium,
  headless: true,
  chromiumSandbox: false,
  args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
    '--disable-quic', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
});
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const consoleLines = [];
  page.on('console', (m) => consoleLines.push(`[console.${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));
  await page.goto(pageUrl);
  await ready(page);
  const base = (await page.evaluate(() => window.wirepad.experiment())).request.url.replace(/\/$/, '');
  check(base.startsWith('http://127.0.0.1:'), 'the page targets the lab server', base);

  console.log('three experiments with assertions and captures, saved in the browser workspace');
  const experiments = [
    ['api/1_login.json', { name: 'login', request: { method: 'GET', url: `${base}/anything?user=ada-7` },
      test: { assert: [{ subject: 'status', op: '==', value: 200 }],
        capture: [{ variable: 'user', from: 'json', path: '$.args.user' }] } }],
    ['api/2_me.json', { name: 'me', request: { method: 'GET', url: `${base}/anything/{{user}}` },
      test: { assert: [{ subject: 'json', path: '$.url', op: 'ends_with', value: '/anything/{{user}}' }] } }],
    ['api/3_created.json', { name: 'created', request: { method: 'GET', url: `${base}/anything` },
      test: { assert: [{ subject: 'status', op: '==', value: 201 }, { subject: 'json', path: '$.method', op: '==', value: 'GET' }] } }],
  ];
  for (const [file, e] of experiments) {
    const loaded = await page.evaluate((d) => window.wirepad.load(d), { wirepad: 4, kind: 'http', ...e });
    check(loaded.ok, `load() ${file}`, JSON.stringify(loaded));
    const saved = await page.evaluate((p) => window.wirepad.save(p), file);
    check(saved.ok, `save() ${file}`, JSON.stringify(saved));
  }

  console.log('run the folder');
  let run = await runToEnd(page, 'run', 'api/');
  check(run.mode_runner, 'the Runner tab came forward');
  check(run.results.length === 3, 'three results', JSON.stringify(run));
  const [r1, r2, r3] = run.results;
  check(r1 && r1.outcome === 'passed' && r1.captures[0] && r1.captures[0].value === 'ada-7', 'request 1 passed and captured user',
    JSON.stringify(r1));
  check(r2 && r2.outcome === 'passed' && r2.url === `${base}/anything/ada-7`, 'request 2 was sent with request 1\'s capture',
    JSON.stringify(r2));
  check(r3 && r3.outcome === 'failed', 'request 3 failed', JSON.stringify(r3));
  const a = r3 && r3.assertions[0];
  check(a && !a.passed && a.expected === '201' && a.actual.includes('200'), 'its assertion shows expected 201, actual 200',
    JSON.stringify(a));
  check(run.counts.passed === 2 && run.counts.failed === 1, 'the summary counts 2 passed, 1 failed', JSON.stringify(run.counts));

  await page.evaluate(() => window.wirepad.runner('select', '2'));
  const frames = await page.evaluate(() => window.wirepad.frames());
  await page.waitForFunction((f) => window.wirepad.frames() > f + 5, frames, { timeout: 10000 });
  fs.mkdirSync(args.out, { recursive: true });
  await page.screenshot({ path: path.join(args.out, 'browser-runner.png') });

  console.log('the failed exchange, one click away');
  await page.evaluate(() => window.wirepad.runner('open', '2'));
  await page.waitForFunction(() => window.wirepad.state().phase !== 'idle', null, { timeout: 10000 });
  const opened = await page.evaluate(() => window.wirepad.state());
  check(opened.status === 200, 'the opened tab shows the response the run received', JSON.stringify(opened).slice(0, 300));

  console.log('stop at the first failure');
  const broken = { wirepad: 4, kind: 'http', name: 'broken', request: { method: 'GET', url: `${base}/status/500` },
    test: { assert: [{ subject: 'status', op: 'class', value: '2xx' }] } };
  check((await page.evaluate((d) => window.wirepad.load(d), broken)).ok, 'load() a request answered 500');
  check((await page.evaluate(() => window.wirepad.save('api/0_broken.json'))).ok, 'save() it first in the folder');
  await page.evaluate(() => window.wirepad.runner('bail', '1'));
  run = await runToEnd(page, 'run', 'api/');
  check(run.bailed && run.results.length === 1 && run.results[0].outcome === 'failed',
    'the run stopped after the first request failed', JSON.stringify(run).slice(0, 400));
  await page.evaluate(() => window.wirepad.runner('bail', '0'));
  run = await runToEnd(page, 'run', 'api/');
  check(!run.bailed && run.results.length === 4 && run.counts.failed === 2, 'without it all four ran, two failed',
    JSON.stringify(run.counts));
  run = await runToEnd(page, 'rerun_failed', '');
  check(run.results.length === 2 && run.results.every((r) => r.outcome === 'failed'), 'Rerun failed ran the two failed ones',
    JSON.stringify(run.results.map((r) => r.path)));
  if (failures.length) console.log(consoleLines.slice(-20).join('\n'));
} catch (e) {
  check(false, 'the test ran to the end', e.stack);
} finally {
  await browser.close();
  for (const c of children) c.kill('SIGTERM');
}
console.log(failures.length ? `${failures.length} failed` : 'all passed');
process.exit(failures.length ? 1 : 0);
