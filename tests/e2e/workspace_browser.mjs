// tests/e2e: the browser build keeps its workspace in IndexedDB. Starts the real
// `wirepad serve`, opens the page in headless Chromium, saves an experiment and sends one
// request (a history entry), reloads the page and checks both are still there; then opens a
// share link in the page's #fragment and checks it shows the target and sends nothing.
//
// usage: node workspace_browser.mjs --wirepad PATH --web-root DIR [--out DIR] [--chromium PATH]
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

function runText(binary, argv) {
  return new Promise((resolve) => {
    const child = spawn(binary, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.on('exit', (code) => resolve({ code, out }));
  });
}

async function ready(page) {
  await page.waitForFunction(() => window.wirepad && window.wirepad.frames() > 2, null, { timeout: 60000 });
  await page.waitForFunction(() => window.wirepad.workspace && window.wirepad.workspace().ready, null, { timeout: 30000 });
}

let exitCode = 0;
let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch (e) {
  console.log(`FAIL: playwright-core is not installed in ${here}: run scripts/setup.sh`);
  process.exit(1);
}
const serve = await startAndWaitFor(args.wirepad,
  ['serve', '--port', '0', '--web-root', args.webRoot, '--hello-port', '0', '--tcp-echo-port', '0', '--udp-echo-port', '0',
   '--pairings', path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wirepad-ws-e2e-')), 'pairings.json')],
  /^serving (http:\/\/\S+)/);
const pageUrl = serve.match[1];
const browser = await chromium.launch({
  executablePath: args.chromium,
  headless: true,
  chromiumSandbox: false,
  args: ['--disable-background-networking', '--disable-component-update', '--no-first-run',
    '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
});
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const consoleLines = [];
  page.on('console', (m) => consoleLines.push(`[console.${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));

  console.log('a fresh browser profile: an empty workspace in IndexedDB');
  await page.goto(pageUrl);
  await ready(page);
  let ws = await page.evaluate(() => window.wirepad.workspace());
  check(ws.files.length === 0 && ws.history === 0, 'the workspace starts empty', JSON.stringify(ws));

  console.log('save an experiment, send a request');
  const doc = await page.evaluate(() => window.wirepad.experiment());
  doc.name = 'Saved in the browser';
  check((await page.evaluate((d) => window.wirepad.load(d), doc)).ok, 'load() the experiment');
  const saved = await page.evaluate(() => window.wirepad.save('browser/saved.json'));
  check(saved.ok && saved.file === 'browser/saved.json', 'save() writes browser/saved.json', JSON.stringify(saved));
  check((await page.evaluate(() => window.wirepad.send())).ok, 'send() the request to the lab hello server');
  await page.waitForFunction(() => ['done', 'failed'].includes(window.wirepad.state().phase), null, { timeout: 30000 });
  check((await page.evaluate(() => window.wirepad.state())).status === 200, 'the request got 200');
  await page.waitForFunction(() => window.wirepad.workspace().history === 1, null, { timeout: 10000 });
  // Every write is followed by a sync to IndexedDB; wait until they are all done.
  await page.waitForFunction(() => (window.wirepadWorkspaceSyncs || 0) >= 1 && !Module.wirepadSyncing, null, { timeout: 10000 });

  console.log('reload the page');
  await page.reload();
  await ready(page);
  ws = await page.evaluate(() => window.wirepad.workspace());
  check(ws.files.includes('browser/saved.json'), 'the saved experiment is still in the workspace after a reload', JSON.stringify(ws));
  check(ws.history === 1, 'the history entry is still there after a reload', JSON.stringify(ws));
  // The session (ui/session.h): the tab that was open comes back in place of the example.
  check(ws.tabs === 1 && ws.file === 'browser/saved.json', 'the open tab is restored after a reload', JSON.stringify(ws));
  fs.mkdirSync(args.out, { recursive: true });
  await page.screenshot({ path: path.join(args.out, 'browser-workspace.png') });

  console.log('a share link in the page address');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wirepad-ws-e2e-')), 'x.json');
  fs.writeFileSync(file, JSON.stringify({ wirepad: 1, kind: 'http', name: 'From a link',
    request: { method: 'DELETE', url: 'http://127.0.0.1:9/items/7', headers: [], body: '' } }));
  const link = (await runText(args.wirepad, ['link', file, '--base', pageUrl])).out.trim().split('\n').pop();
  check(link.includes('#x=1.'), 'wirepad link made a link', link);
  const linked = await context.newPage();
  await linked.goto(link);
  await ready(linked);
  ws = await linked.evaluate(() => window.wirepad.workspace());
  // The example, the link's tab in front, and the restored session's tab behind it.
  check(ws.tabs === 3 && ws.link_host === 'http://127.0.0.1:9', 'the link opens in a new tab naming the target', JSON.stringify(ws));
  const experiment = await linked.evaluate(() => window.wirepad.experiment());
  check(experiment.request.method === 'DELETE' && experiment.name === 'From a link', 'the tab holds the linked experiment',
    JSON.stringify(experiment));
  await linked.waitForTimeout(500);
  check((await linked.evaluate(() => window.wirepad.state())).phase === 'idle', 'nothing was sent');
  await linked.screenshot({ path: path.join(args.out, 'browser-link.png') });

  // Issue 14, the first hour in the browser: a 404 is amber in the history, the tab is named
  // from its request, the Share dialog says its links open in this page, Esc closes it.
  console.log('the first hour: history colours, tab names, the share base, Esc');
  const helloUrl = doc.request.url;  // the lab hello server the page's example targets
  const post = { wirepad: 1, kind: 'http', name: 'untitled', request: { method: 'POST', url: `${helloUrl}nothing-here`, headers: [], body: 'x' } };
  check((await linked.evaluate((d) => window.wirepad.load(d), post)).ok, 'load() a POST');
  check((await linked.evaluate(() => window.wirepad.send())).ok, 'send() it');
  await linked.waitForFunction(() => ['done', 'failed'].includes(window.wirepad.state().phase), null, { timeout: 30000 });
  check((await linked.evaluate(() => window.wirepad.state())).status === 404, 'the lab answers 404', helloUrl);
  await linked.evaluate(() => window.wirepad.openDialog('history'));
  await linked.evaluate(() => window.wirepad.openDialog('share'));
  await linked.waitForFunction(() => window.wirepad.dialogs().share.open, null, { timeout: 10000 });
  const share = (await linked.evaluate(() => window.wirepad.dialogs())).share;
  check(share.base === link.split('#')[0] && share.base_source === 'this page' && share.link.startsWith(share.base + '#x='),
    'the share dialog makes links for this page, and says so', JSON.stringify(share));
  await linked.screenshot({ path: path.join(args.out, 'browser-share-history.png') });
  await linked.keyboard.press('Escape');
  await linked.waitForTimeout(300);
  check(!(await linked.evaluate(() => window.wirepad.dialogs())).share.open, 'Esc closes the Share dialog');
  if (failures.length) console.log(consoleLines.slice(-20).join('\n'));
} catch (e) {
  check(false, 'the test ran to the end', e.stack);
} finally {
  await browser.close();
  for (const c of children) c.kill('SIGTERM');
}
exitCode = failures.length ? 1 : 0;
console.log(failures.length ? `${failures.length} failed` : 'all passed');
process.exit(exitCode);
