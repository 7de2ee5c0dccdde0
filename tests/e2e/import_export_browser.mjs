// tests/e2e: File > Import and File > Export in the browser build. Starts the real `wirepad
// serve`, opens the page in headless Chromium and, clicking the dialogs' buttons with the
// mouse where the app says they are:
//   1. "Choose a file..." opens the browser's file dialog (a filechooser event);
//   2. a HAR of 4 requests (one a WebSocket conversation) set on the page's <input type=file> with setInputFiles is listed
//      in the Import dialog (with what was not imported), and "Open all" puts them in tabs:
//      the composer holds the last one;
//   3. a curl command dropped on the canvas (a real DataTransfer in a drop event) opens in a
//      new tab at once; a dropped .http file of two requests opens the dialog listing both;
//      "Paste from the clipboard" reads navigator.clipboard into the dialog;
//   4. Export > Download of a request with a binary body: the downloaded bytes equal what
//      `wirepad export --to python-socket` and `wirepad import` (experiment) print.
//
// usage: node import_export_browser.mjs --wirepad PATH --web-root DIR [--out DIR] [--chromium PATH] [--data DIR]
// exit:  0 passed, 1 failed, 77 skipped (no web build in --web-root).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = { out: path.join(here, 'out'), chromium: '/usr/bin/chromium', data: path.join(here, '..', 'data') };
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

// stdout as bytes (a Buffer), so it can be compared with a download byte for byte.
function runBytes(binary, argv) {
  return new Promise((resolve) => {
    const child = spawn(binary, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks = [];
    let err = '';
    child.stdout.on('data', (d) => chunks.push(d));
    child.stderr.on('data', (d) => { err += d; });
    child.on('exit', (code) => resolve({ code, out: Buffer.concat(chunks), err }));
  });
}

async function ready(page) {
  await page.waitForFunction(() => window.wirepad && window.wirepad.frames() > 2, null, { timeout: 60000 });
  await page.waitForFunction(() => window.wirepad.workspace && window.wirepad.workspace().ready, null, { timeout: 30000 });
}

// A few frames, so what changed is drawn (and the buttons' places are up to date).
async function frames(page, n = 4) {
  const start = await page.evaluate(() => window.wirepad.frames());
  await page.waitForFunction((s) => window.wirepad.frames() >= s, start + n, { timeout: 10000 });
}

// Clicks a dialog button with the mouse, where the app last drew it.
async function clickButton(page, name) {
  await frames(page);
  const at = (await page.evaluate(() => window.wirepad.dialogs())).buttons[name];
  if (!at) throw new Error(`no button ${name} on screen`);
  await page.mouse.move(at[0], at[1]);
  await frames(page, 2);
  await page.mouse.down();
  await frames(page, 2);
  await page.mouse.up();
  await frames(page, 2);
}

let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch (e) {
  console.log(`FAIL: playwright-core is not installed in ${here}: run scripts/setup.sh`);
  process.exit(1);
}
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wirepad-io-e2e-'));
const serve = await startAndWaitFor(args.wirepad,
  ['serve', '--port', '0', '--web-root', args.webRoot, '--hello-port', '0', '--tcp-echo-port', '0', '--udp-echo-port', '0',
   '--pairings', path.join(tmp, 'pairings.json')],
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
  fs.mkdirSync(args.out, { recursive: true });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true,
    permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  const consoleLines = [];
  page.on('console', (m) => consoleLines.push(`[console.${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));
  await page.goto(pageUrl);
  await ready(page);

  console.log('1. File > Import: "Choose a file..." opens the browser\'s file dialog');
  check((await page.evaluate(() => window.wirepad.openDialog('import'))).ok, 'openDialog("import")');
  await page.waitForFunction(() => window.wirepad.dialogs().import.open, null, { timeout: 10000 });
  const chooser = page.waitForEvent('filechooser', { timeout: 10000 });
  await clickButton(page, 'import.choose_file');
  const fileChooser = await chooser.catch((e) => null);
  check(fileChooser !== null, 'clicking "Choose a file..." opened a file chooser');
  if (fileChooser) await fileChooser.setFiles([]);  // cancelled: nothing happens

  console.log('2. a HAR with 4 requests, set on <input type=file>');
  const har = path.join(args.data, 'imports', 'chromium_h2.har');
  await page.setInputFiles('#wirepad-file', har);
  await page.waitForFunction(() => window.wirepad.dialogs().import.requests.length > 0, null, { timeout: 10000 });
  let dialogs = await page.evaluate(() => window.wirepad.dialogs());
  check(dialogs.import.open, 'the Import dialog is open', JSON.stringify(dialogs.import).slice(0, 300));
  check(dialogs.import.format === 'har' && dialogs.import.source === 'chromium_h2.har', 'detected as HAR, from chromium_h2.har',
    `${dialogs.import.format} ${dialogs.import.source}`);
  check(dialogs.import.requests.length === 4, '4 requests are listed (one a WebSocket conversation)', dialogs.import.requests.length);
  check(!dialogs.import.not_imported.some((n) => n.includes('WebSocket')), 'the WebSocket entry is imported, not listed as left out',
    JSON.stringify(dialogs.import.not_imported));
  check(dialogs.import.requests[0].not_imported.some((n) => n.includes(':authority')),
    'the HTTP/2 pseudo-headers are listed as not imported', JSON.stringify(dialogs.import.requests[0].not_imported));
  await frames(page);
  await page.screenshot({ path: path.join(args.out, 'browser-import-dialog.png') });
  const tabsBefore = (await page.evaluate(() => window.wirepad.workspace())).tabs;
  await clickButton(page, 'import.open_all');
  await page.waitForFunction((n) => window.wirepad.workspace().tabs === n + 4, tabsBefore, { timeout: 10000 }).catch(() => {});
  check((await page.evaluate(() => window.wirepad.workspace())).tabs === tabsBefore + 4, '"Open all" opened 4 tabs');
  let composer = await page.evaluate(() => window.wirepad.experiment());
  // The HAR's postData.params: a urlencoded form table (experiment format 3).
  check(composer.request.method === 'POST' && composer.request.body_kind === 'urlencoded' &&
    JSON.stringify((composer.request.form || []).map((f) => [f.name, f.value])) === JSON.stringify([['user', 'ada l'], ['pw', 'p&q']]),
    'the composer holds the last request of the HAR', JSON.stringify(composer.request));
  check(!(await page.evaluate(() => window.wirepad.dialogs())).import.open, 'the dialog closed');

  console.log('3. a curl command dropped on the canvas');
  const curl = "curl -X PUT -H 'X-Dropped: yes' --data-raw 'dropped body' http://127.0.0.1:9/dropped\n";
  await page.evaluate((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'dropped.sh', { type: 'text/plain' }));
    const canvas = document.getElementById('canvas');
    canvas.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true, cancelable: true }));
    canvas.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, curl);
  check(await page.evaluate(() => document.body.classList.contains('wirepad-dragging')), 'the page says what dropping does');
  await page.screenshot({ path: path.join(args.out, 'browser-drag-over.png') });
  const dropPrevented = await page.evaluate((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'dropped.sh', { type: 'text/plain' }));
    const drop = new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true });
    document.getElementById('canvas').dispatchEvent(drop);
    return drop.defaultPrevented;
  }, curl);
  check(dropPrevented, 'the page takes the drop (the browser does not open the file itself)');
  await page.waitForFunction(() => window.wirepad.experiment().request.url === 'http://127.0.0.1:9/dropped', null,
    { timeout: 10000 }).catch(() => {});
  composer = await page.evaluate(() => window.wirepad.experiment());
  check(composer.request.method === 'PUT' && composer.request.url === 'http://127.0.0.1:9/dropped' &&
    composer.request.body === 'dropped body' &&
    composer.request.headers.some((h) => h.name === 'X-Dropped' && h.value === 'yes'),
    'the dropped curl command is in the composer of a new tab', JSON.stringify(composer.request));

  // A dropped file with two requests is not opened behind the user's back: the dialog lists them.
  const tabsBeforeDrop = (await page.evaluate(() => window.wirepad.workspace())).tabs;
  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['### one\nGET http://127.0.0.1:9/one\n\n### two\nDELETE http://127.0.0.1:9/two\n'], 'two.http'));
    document.getElementById('canvas').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  await page.waitForFunction(() => window.wirepad.dialogs().import.source === 'two.http', null, { timeout: 10000 }).catch(() => {});
  await frames(page);
  dialogs = await page.evaluate(() => window.wirepad.dialogs());
  check(dialogs.import.open && dialogs.import.format === 'http' && dialogs.import.requests.length === 2 &&
    dialogs.import.requests[1].method === 'DELETE', 'a dropped .http file with 2 requests opens the Import dialog listing both',
    JSON.stringify(dialogs.import).slice(0, 400));
  check((await page.evaluate(() => window.wirepad.workspace())).tabs === tabsBeforeDrop, 'and opens no tab by itself');
  await clickButton(page, 'import.close');

  console.log('3b. "Paste from the clipboard" (the button reads navigator.clipboard; Ctrl+V is checked in e2e_browser.mjs)');
  await page.evaluate(() => navigator.clipboard.writeText("curl -H 'X-Pasted: 1' http://127.0.0.1:9/pasted"));
  check((await page.evaluate(() => window.wirepad.openDialog('import'))).ok, 'openDialog("import")');
  await page.waitForFunction(() => window.wirepad.dialogs().import.open, null, { timeout: 10000 });
  await clickButton(page, 'import.paste');
  await page.waitForFunction(() => window.wirepad.dialogs().import.format === 'curl', null, { timeout: 10000 }).catch(() => {});
  dialogs = await page.evaluate(() => window.wirepad.dialogs());
  check(dialogs.import.format === 'curl' && dialogs.import.requests.length === 1 &&
    dialogs.import.requests[0].url === 'http://127.0.0.1:9/pasted', 'the clipboard\'s curl command is in the dialog',
    JSON.stringify(dialogs.import).slice(0, 400));
  await clickButton(page, 'import.close');

  console.log('4. File > Export > Download: the bytes of the core\'s export');
  const upload = { wirepad: 2, kind: 'http', name: 'Upload', request: { method: 'POST', url: 'http://127.0.0.1:9/up',
    headers: [{ name: 'Content-Type', value: 'application/octet-stream' }], body_base64: 'iVBORw0KGgoA//4=' } };
  const uploadFile = path.join(tmp, 'upload.json');
  fs.writeFileSync(uploadFile, JSON.stringify(upload));
  check((await page.evaluate((d) => window.wirepad.load(d), upload)).ok, 'load() an experiment with a binary body');
  for (const [format, expected, name] of [
    ['python-socket', await runBytes(args.wirepad, ['export', '--to', 'python-socket', uploadFile]), 'upload.py'],
    ['experiment', await runBytes(args.wirepad, ['import', uploadFile]), 'upload.json'],
  ]) {
    check(expected.code === 0 && expected.out.length > 0, `wirepad CLI made the ${format} export`, expected.err);
    check((await page.evaluate((f) => window.wirepad.openDialog('export', f), format)).ok, `openDialog("export", "${format}")`);
    await page.waitForFunction(() => window.wirepad.dialogs().export.open, null, { timeout: 10000 });
    if (format === 'python-socket') {
      await frames(page);
      await page.screenshot({ path: path.join(args.out, 'browser-export-dialog.png') });
    }
    const downloading = page.waitForEvent('download', { timeout: 10000 });
    await clickButton(page, 'export.save');
    const download = await downloading;
    const file = path.join(tmp, `download-${format}`);
    await download.saveAs(file);
    if (format === 'python-socket') {  // Copy reaches the browser's clipboard too
      await clickButton(page, 'export.copy');
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      check(copied === expected.out.toString('utf8'), 'Copy put the export on the browser\'s clipboard', copied.slice(0, 80));
    }
    const bytes = fs.readFileSync(file);
    check(download.suggestedFilename() === name, `the download is named ${name}`, download.suggestedFilename());
    check(bytes.equals(expected.out), `the downloaded ${format} file equals the CLI's (${bytes.length} bytes)`,
      `${bytes.length} vs ${expected.out.length} bytes`);
    await clickButton(page, 'export.close');
  }
  const roundTrip = JSON.parse(fs.readFileSync(path.join(tmp, 'download-experiment'), 'utf8'));
  check(roundTrip.wirepad === 2 && roundTrip.request.body_base64 === 'iVBORw0KGgoA//4=',
    'the exported experiment keeps the binary body (format 2, body_base64)', JSON.stringify(roundTrip.request));
  if (failures.length) console.log(consoleLines.slice(-20).join('\n'));
} catch (e) {
  check(false, 'the test ran to the end', e.stack);
} finally {
  await browser.close();
  for (const c of children) c.kill('SIGTERM');
}
console.log(failures.length ? `${failures.length} failed` : 'all passed');
process.exit(failures.length ? 1 : 0);
