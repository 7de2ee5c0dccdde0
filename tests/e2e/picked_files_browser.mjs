// tests/e2e: files picked for request bodies in the browser build (web/web_request_files.h).
// Starts the real `wirepad serve` and tests/native/capture_server.py (a loopback server that
// prints the exact bytes of each request), opens the page in headless Chromium and:
//   1. picks a file through the browser's file dialog (a filechooser event), then a second
//      file of the same name: kept as "blob (2).bin", its original name kept;
//   2. sends a multipart request with a text part and that file part, and a binary-body
//      request with the first file, through the relay to the capture server: the bytes the
//      server got hold the files' bytes, the multipart filename is the original name;
//   3. reloads the page (after the IndexedDB sync): the files are still listed and the same
//      two requests send the same bytes again;
//   4. a request naming a file that is not kept fails before anything is sent, naming it;
//      a file removed (File > Picked files' Remove) is gone after a reload as well.
//
// usage: node picked_files_browser.mjs --wirepad PATH --web-root DIR --capture PATH [--out DIR] [--chromium PATH]
// exit:  0 passed, 1 failed, 77 skipped (no web build in --web-root).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = { out: path.join(here, 'out'), chromium: '/usr/bin/chromium',
  capture: path.join(here, '..', 'native', 'capture_server.py') };
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
// Starts `command`; resolves once a line matches `pattern`. Every line goes to `onLine` too.
function startAndWaitFor(command, argv, pattern, onLine = () => {}) {
  const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const lines = [];
  return new Promise((resolve, reject) => {
    const take = (line) => {
      lines.push(line);
      onLine(line);
      const m = line.match(pattern);
      if (m) resolve({ match: m, lines });
    };
    readline.createInterface({ input: child.stdout }).on('line', take);
    readline.createInterface({ input: child.stderr }).on('line', take);
    child.on('exit', (code) => reject(new Error(`${command} exited (${code}): ${lines.join('\n')}`)));
    setTimeout(() => reject(new Error(`${command} not ready within 20 s: ${lines.join('\n')}`)), 20000);
  });
}

async function ready(page) {
  await page.waitForFunction(() => window.wirepad && window.wirepad.frames() > 2, null, { timeout: 60000 });
  await page.waitForFunction(() => window.wirepad.workspace && window.wirepad.workspace().ready, null, { timeout: 30000 });
}

let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch (e) {
  console.log(`FAIL: playwright-core is not installed in ${here}: run scripts/setup.sh`);
  process.exit(1);
}

// The capture server's requests, in order, as Buffers.
const captured = [];
const capture = await startAndWaitFor('/usr/bin/python3', [args.capture], /^listening (\d+)/, (line) => {
  const m = line.match(/^request ([0-9a-f]*)$/);
  if (m) captured.push(Buffer.from(m[1], 'hex'));
});
const capturePort = Number(capture.match[1]);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wirepad-picked-e2e-'));
const serve = await startAndWaitFor(args.wirepad,
  ['serve', '--port', '0', '--web-root', args.webRoot, '--hello-port', '0', '--tcp-echo-port', '0', '--udp-echo-port', '0',
   '--pairings', path.join(tmp, 'pairings.json')],
  /^serving (http:\/\/\S+)/);
const pageUrl = serve.match[1];

// Bytes no text path would keep: NUL, CR LF, invalid UTF-8, every byte value.
const first = Buffer.concat([Buffer.from('first\0\r\n\xff\xfe', 'latin1'), Buffer.from([...Array(256).keys()])]);
const second = Buffer.concat([Buffer.from('SECOND file, same name\r\n'), Buffer.alloc(70000, 0xab)]);
const url = `http://127.0.0.1:${capturePort}/upload`;
const multipart = { wirepad: 3, kind: 'http', name: 'multipart with a picked file', request: {
  method: 'POST', url, body_kind: 'multipart',
  multipart: [{ name: 'note', value: 'hello' }, { name: 'upload', file: 'blob (2).bin' }] } };
const binary = { wirepad: 3, kind: 'http', name: 'binary body from a picked file', request: {
  method: 'PUT', url, body_kind: 'binary', binary_file: 'blob.bin' } };

const browser = await chromium.launch({
  executablePath: args.chromium,
  headless: true,
  chromiumSandbox: false,
  args: ['--disable-background-networking', '--disable-component-update', '--no-first-run',
    '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
});

// Picks `buffer` as `name` through the file dialog; resolves with the name it is kept under.
async function pick(page, name, buffer) {
  const chooser = page.waitForEvent('filechooser', { timeout: 10000 });
  const picked = page.evaluate(() => window.wirepad.pickRequestFile());
  const fileChooser = await chooser;
  await fileChooser.setFiles({ name, mimeType: 'application/octet-stream', buffer });
  return picked;
}

// Loads `experiment`, sends it and returns the bytes the capture server received.
async function sendAndCapture(page, experiment) {
  check((await page.evaluate((d) => window.wirepad.load(d), experiment)).ok, `load "${experiment.name}"`);
  const before = captured.length;
  const sent = await page.evaluate(() => window.wirepad.send());
  if (!check(sent.ok, `send "${experiment.name}"`, JSON.stringify(sent))) return null;
  await page.waitForFunction(() => ['done', 'failed'].includes(window.wirepad.state().phase), null, { timeout: 20000 });
  const s = await page.evaluate(() => window.wirepad.state());
  check(s.phase === 'done' && s.status === 200, `"${experiment.name}" got the capture server's 200`, `${s.phase} ${JSON.stringify(s.error)}`);
  for (let i = 0; i < 50 && captured.length === before; ++i) await new Promise((r) => setTimeout(r, 100));
  return captured.length > before ? captured[captured.length - 1] : null;
}

// What a server must find in the two requests.
function checkRequests(tag, multi, bin) {
  if (!check(multi !== null && bin !== null, `${tag}: the capture server got both requests`)) return;
  const text = multi.toString('latin1');
  const boundary = (text.match(/Content-Type: multipart\/form-data; boundary=(\S+)\r\n/) || [])[1];
  check(boundary !== undefined, `${tag}: multipart Content-Type with a boundary`, text.slice(0, 300));
  const body = multi.subarray(multi.indexOf('\r\n\r\n') + 4);
  const expected = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="upload"; filename="blob.bin"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n'),
    second, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  check(body.equals(expected), `${tag}: the multipart body holds the second file's ${second.length} bytes, filename "blob.bin"`,
    `${body.length} bytes: ${body.subarray(0, 300).toString('latin1')}`);
  const binBody = bin.subarray(bin.indexOf('\r\n\r\n') + 4);
  check(bin.toString('latin1').startsWith('PUT /upload HTTP/1.1\r\n') && binBody.equals(first) &&
    bin.toString('latin1').includes(`Content-Length: ${first.length}\r\n`),
    `${tag}: the binary body is the first file's ${first.length} bytes`, bin.subarray(0, 300).toString('latin1'));
}

try {
  fs.mkdirSync(args.out, { recursive: true });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const consoleLines = [];
  page.on('console', (m) => consoleLines.push(`[console.${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));
  await page.goto(pageUrl);
  await ready(page);

  console.log('1. pick two files of the same name through the file dialog');
  check(await pick(page, 'blob.bin', first) === 'blob.bin', 'the first file is kept as blob.bin');
  check(await pick(page, 'blob.bin', second) === 'blob (2).bin', 'the second file of that name is kept as "blob (2).bin"');
  let files = await page.evaluate(() => window.wirepad.requestFiles());
  check(JSON.stringify(files) === JSON.stringify([
    { name: 'blob (2).bin', original: 'blob.bin', size: second.length },
    { name: 'blob.bin', original: 'blob.bin', size: first.length }]), 'both are listed, with their original name and size',
  JSON.stringify(files));
  // A cancelled dialog answers "" and keeps nothing new.
  const chooser = page.waitForEvent('filechooser', { timeout: 10000 });
  const cancelled = page.evaluate(() => window.wirepad.pickRequestFile());
  await (await chooser).setFiles([]);
  check(await cancelled === '', 'a cancelled dialog picks nothing');

  console.log('2. send a multipart and a binary request through the relay');
  const multi1 = await sendAndCapture(page, multipart);
  const bin1 = await sendAndCapture(page, binary);
  checkRequests('before the reload', multi1, bin1);
  await page.screenshot({ path: path.join(args.out, 'browser-picked-file-sent.png') });

  console.log('3. reload the page: the files are still kept, the same bytes go out');
  await page.waitForFunction(() => (window.wirepadWorkspaceSyncs || 0) >= 1 && !Module.wirepadSyncing, null, { timeout: 10000 });
  await page.reload();
  await ready(page);
  files = await page.evaluate(() => window.wirepad.requestFiles());
  check(files.length === 2 && files[0].name === 'blob (2).bin' && files[0].size === second.length,
    'after the reload both files are listed', JSON.stringify(files));
  const multi2 = await sendAndCapture(page, multipart);
  const bin2 = await sendAndCapture(page, binary);
  checkRequests('after the reload', multi2, bin2);
  check(multi1 && multi2 && multi1.equals(multi2) && bin1 && bin2 && bin1.equals(bin2),
    'the requests after the reload are byte for byte those before');

  console.log('4. a file that is not kept; Remove');
  const before = captured.length;
  const missing = { ...binary, name: 'missing file', request: { ...binary.request, binary_file: 'nope.bin' } };
  check((await page.evaluate((d) => window.wirepad.load(d), missing)).ok, 'load a request naming nope.bin');
  const refused = await page.evaluate(() => window.wirepad.send());
  check(!refused.ok && refused.error.includes("'nope.bin'") && refused.error.includes('nothing was sent'),
    'sending it fails, naming the file', JSON.stringify(refused));
  check((await page.evaluate((n) => window.wirepad.forgetRequestFile(n), 'blob.bin')).ok, 'forgetRequestFile("blob.bin")');
  const again = await page.evaluate((n) => window.wirepad.forgetRequestFile(n), 'blob.bin');
  check(!again.ok && again.error.includes("'blob.bin'"), 'removing it twice says it is not kept', JSON.stringify(again));
  const syncs = await page.evaluate(() => window.wirepadWorkspaceSyncs || 0);
  await page.waitForFunction((n) => (window.wirepadWorkspaceSyncs || 0) > n && !Module.wirepadSyncing, syncs, { timeout: 10000 });
  await page.reload();
  await ready(page);
  files = await page.evaluate(() => window.wirepad.requestFiles());
  check(files.length === 1 && files[0].name === 'blob (2).bin', 'after another reload only blob (2).bin is kept', JSON.stringify(files));
  check((await page.evaluate((d) => window.wirepad.load(d), binary)).ok, 'load the binary request again');
  const gone = await page.evaluate(() => window.wirepad.send());
  check(!gone.ok && gone.error.includes("'blob.bin'"), 'the removed file is an error naming it', JSON.stringify(gone));
  await new Promise((r) => setTimeout(r, 300));
  check(captured.length === before, 'nothing reached the server for the refused sends', captured.length - before);

  // File > Picked files...: the list the user removes files from (a screenshot for the docs).
  check((await page.evaluate(() => window.wirepad.openDialog('picked_files'))).ok, 'openDialog("picked_files")');
  const drawn = await page.evaluate(() => window.wirepad.frames());
  await page.waitForFunction((n) => window.wirepad.frames() > n + 6, drawn, { timeout: 10000 });
  await page.screenshot({ path: path.join(args.out, 'browser-picked-files.png') });
  if (failures.length) console.log(consoleLines.slice(-20).join('\n'));
} catch (e) {
  check(false, 'the test ran to the end', e.stack);
} finally {
  await browser.close();
  for (const c of children) c.kill('SIGTERM');
}
console.log(failures.length ? `${failures.length} failed` : 'all passed');
process.exit(failures.length ? 1 : 0);
