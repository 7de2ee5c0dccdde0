// tests/e2e: the WebSocket panel in the browser build, through the relay (a raw connection the
// page's own code frames and masks, not the browser's WebSocket object). Starts
// python3-websockets (tests/native/ws_peer.py) and `wirepad serve`, connects the panel to the
// peer's /echo offering permessage-deflate, sends text, JSON and binary messages, waits for
// an echo, closes with a code, checks the conversation the page recorded (masked frames sent,
// compressed frames received, the close both ways) and saves OUT/websocket-browser.png.
// usage: node ws_browser.mjs --wirepad PATH --web-root DIR --peer ws_peer.py --out DIR
// exit:  0 passed, 1 failed, 77 skipped (no web build in --web-root).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = { out: path.join(here, 'out'), chromium: '/usr/bin/chromium' };
for (let i = 2; i < process.argv.length; i += 2) {
  args[process.argv[i].replace(/^--/, '').replace(/-(\w)/g, (_, c) => c.toUpperCase())] = process.argv[i + 1];
}
if (!fs.existsSync(path.join(args.webRoot || '', 'wirepad_web.wasm'))) {
  console.log(`SKIP: no web build in ${args.webRoot}`);
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

async function frames(page, n = 4) {
  const start = await page.evaluate(() => window.wirepad.frames());
  await page.waitForFunction((s) => window.wirepad.frames() >= s, start + n, { timeout: 20000 });
}

const failures = [];
function check(ok, what, detail = '') {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${ok || !detail ? '' : `: ${detail}`}`);
  if (!ok) failures.push(what);
}

const { chromium } = await import(path.join(here, 'node_modules', 'playwright-core', 'index.mjs'));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wirepad-ws-browser-'));
const peer = await startAndWaitFor('/usr/bin/python3', [args.peer], /^listening (\d+)/);
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
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(serve.match[1]);
  await page.waitForFunction(() => window.wirepad && window.wirepad.frames() > 2, null, { timeout: 60000 });
  const url = `ws://127.0.0.1:${peer.match[1]}/echo`;
  let r = await page.evaluate((u) => window.wirepad.ws.connect({ url: u, compress: true, headers: 'X-From: the browser\n' }), url);
  check(r.ok, 'connect is accepted', JSON.stringify(r));
  await page.waitForFunction(() => ['open', 'failed', 'closed'].includes(window.wirepad.ws.state().state), null, { timeout: 20000 });
  let state = await page.evaluate(() => window.wirepad.ws.state());
  check(state.state === 'open', 'the handshake completed through the relay', JSON.stringify(state.error));
  check(state.deflate !== null, 'permessage-deflate was agreed', state.extensions);
  check(state.handshake_request.includes('X-From: the browser'), 'the extra header was sent', state.handshake_request);

  r = await page.evaluate(() => window.wirepad.ws.send({ data: 'hello from wasm' }));
  check(r.ok, 'a text message is queued', JSON.stringify(r));
  r = await page.evaluate(() => window.wirepad.ws.send({ data: '{"id": 7,}', kind: 'json' }));
  check(!r.ok && r.error.includes('not valid JSON'), 'bad JSON is refused before it is sent, saying where', JSON.stringify(r));
  r = await page.evaluate(() => window.wirepad.ws.send({ data: '{"id": 7, "tags": ["a", "b"]}', kind: 'json' }));
  check(r.ok, 'a JSON message is queued', JSON.stringify(r));
  r = await page.evaluate(() => window.wirepad.ws.send({ data: 'de ad be ef', kind: 'binary' }));
  check(r.ok, 'a binary message is queued', JSON.stringify(r));
  r = await page.evaluate(() => window.wirepad.ws.expect({ data: '"tags"' }));
  check(r.ok, 'an expect is queued', JSON.stringify(r));
  await page.waitForFunction(() => window.wirepad.ws.state().timeline.filter((t) => t.type === 'message').length >= 6, null,
    { timeout: 20000 }).catch(() => {});
  state = await page.evaluate(() => window.wirepad.ws.state());
  const messages = state.timeline.filter((t) => t.type === 'message');
  const frameList = state.timeline.filter((t) => t.type === 'frame');
  check(messages.length === 6, 'three messages sent and three echoed', JSON.stringify(messages));
  check(messages.some((m) => m.direction === 'received' && m.data === 'hello from wasm' && m.compressed),
    'the text echo came back compressed', JSON.stringify(messages));
  check(messages.some((m) => m.direction === 'received' && m.opcode_name === 'binary' && m.data === '\\xde\\xad\\xbe\\xef'),
    'the binary echo came back byte for byte', JSON.stringify(messages));
  check(frameList.every((f) => f.masked === (f.direction === 'sent')), 'sent frames are masked, received ones are not');
  check(state.steps.every((s) => s.ok || s.ended < 0), 'every step so far passed', JSON.stringify(state.steps));

  // The conversation on screen: the JSON message selected, indented below the list.
  const jsonIndex = messages.findIndex((m) => m.direction === 'received' && m.data.startsWith('{'));
  await page.evaluate((i) => window.wirepad.ws.view({ view: 0, message: i }), jsonIndex);
  await page.mouse.move(1270, 790);
  await frames(page, 8);
  fs.mkdirSync(args.out, { recursive: true });
  await page.screenshot({ path: path.join(args.out, 'websocket-browser.png') });

  r = await page.evaluate(() => window.wirepad.ws.close({ code: 4000, reason: 'bye' }));
  check(r.ok, 'close is queued', JSON.stringify(r));
  await page.waitForFunction(() => ['closed', 'failed'].includes(window.wirepad.ws.state().state), null, { timeout: 20000 });
  state = await page.evaluate(() => window.wirepad.ws.state());
  check(state.state === 'closed' && state.close_sent.code === 4000 && state.close_received !== null,
    'the closing handshake completed both ways', JSON.stringify({ s: state.state, sent: state.close_sent, got: state.close_received }));
  r = await page.evaluate(() => window.wirepad.ws.send({ data: 'too late' }));
  check(!r.ok && r.error.includes('connect again'), 'sending after the close says to connect again', JSON.stringify(r));

  // The tests view: a "test" over the messages received, checked in the page (one fails on
  // purpose, to show it).
  r = await page.evaluate(() => window.wirepad.ws.setTest({ test: {
    assert: [{ subject: 'json', path: '$.id', op: '==', value: 7, message: 2 },
             { subject: 'messages', op: '>=', value: 3 },
             { subject: 'body', op: 'contains', value: 'hello', message: 1 },
             { subject: 'json', path: '$.tags[0]', op: '==', value: 'z', message: 2, label: 'the first tag is z (fails)' }],
    capture: [{ variable: 'first_tag', from: 'json', path: '$.tags[0]', message: 2 }] } }));
  check(r.ok, 'the tests view takes a test object', JSON.stringify(r));
  await page.evaluate(() => window.wirepad.ws.view({ view: 4 }));
  await frames(page, 8);
  const tests = await page.evaluate(() => window.wirepad.ws.tests());
  check(tests.label.startsWith('tests 4/5 passed'), 'the view says how the conversation fared', JSON.stringify(tests));
  check(tests.assertions.length === 4 && tests.assertions[0].passed && !tests.assertions[3].passed &&
        tests.assertions[3].actual === '"a"', 'each assertion with its actual value', JSON.stringify(tests.assertions));
  check(tests.captures.length === 1 && tests.captures[0].value === 'a', 'the capture took the first tag', JSON.stringify(tests.captures));
  await page.screenshot({ path: path.join(args.out, 'websocket-tests-browser.png') });
} catch (e) {
  check(false, 'the run', e.stack || e.message);
} finally {
  await browser.close();
  serve.child.kill();
  peer.child.kill();
  fs.rmSync(tmp, { recursive: true, force: true });
}
console.log(failures.length ? `${failures.length} check(s) failed` : 'all checks passed');
process.exit(failures.length ? 1 : 0);
