// tests/e2e: OAuth 2.0 authorization code + PKCE in the browser build (web/web_oauth.*,
// web/oauth-callback.html, the Auth tab's "Get new access token"). Starts the real
// `wirepad serve`, the python3-oauthlib authorization server (tests/native/oauth_provider.py
// --consent: a consent page with Approve / Deny) and tests/native/capture_server.py, opens the
// page in headless Chromium and:
//   1. clicks the Auth tab's "Get new access token": the sign-in popup opens at the server's
//      consent page; the test clicks Approve; the server redirects the popup to
//      oauth-callback.html, which hands the code back and closes; the page exchanges the code
//      (PKCE verifier) at the token endpoint through the relay; the token is kept in a new
//      "default" environment, and the tab says so;
//   2. sends the request: it reaches the capture server with `Authorization: Bearer <token>`,
//      and that token is one the authorization server accepts (its /resource answers 200);
//   3. fetches again and closes the popup without answering it: a clear error, the token kept
//      before and the composer's request still there, and Send still works with it;
//   4. fetches again and clicks Deny: the server's access_denied, named;
//   5. fetches again and presses the tab's Cancel: the wait ends, the popup is closed;
//   6. client credentials (no popup): a wrong secret gives the server's invalid_client in the
//      tab with nothing typed lost; the right one keeps a token, the token request going
//      through the relay like any other.
// Screenshots of the Auth tab (before; signing in; the token; the closed-popup error; the
// refused secret) go to --out.
//
// usage: node oauth_browser.mjs --wirepad PATH --web-root DIR --provider PATH --capture PATH [--out DIR] [--chromium PATH]
// exit:  0 passed, 1 failed, 77 skipped (no web build in --web-root).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = { out: path.join(here, 'out'), chromium: '/usr/bin/chromium',
  capture: path.join(here, '..', 'native', 'capture_server.py'),
  provider: path.join(here, '..', 'native', 'oauth_provider.py') };
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

let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch (e) {
  console.log(`FAIL: playwright-core is not installed in ${here}: run scripts/setup.sh`);
  process.exit(1);
}

const captured = [];
const capture = await startAndWaitFor('/usr/bin/python3', [args.capture], /^listening (\d+)/, (line) => {
  const m = line.match(/^request ([0-9a-f]*)$/);
  if (m) captured.push(Buffer.from(m[1], 'hex'));
});
const capturePort = Number(capture.match[1]);
const provider = await startAndWaitFor('/usr/bin/python3', [args.provider, '--consent'], /^listening (\d+)/);
const issuer = `http://127.0.0.1:${Number(provider.match[1])}`;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wirepad-oauth-e2e-'));
const serve = await startAndWaitFor(args.wirepad,
  ['serve', '--port', '0', '--web-root', args.webRoot, '--hello-port', '0', '--tcp-echo-port', '0', '--udp-echo-port', '0',
   '--pairings', path.join(tmp, 'pairings.json')],
  /^serving (http:\/\/\S+)/);
const pageUrl = serve.match[1];

const experiment = { wirepad: 3, kind: 'http', name: 'oauth popup', request: {
  method: 'GET', url: `http://127.0.0.1:${capturePort}/api/me`,
  auth: { kind: 'oauth2', oauth2: { grant: 'authorization_code', auth_url: `${issuer}/authorize`,
    token_url: `${issuer}/token`, redirect_uri: '', client_id: 'public-app', client_secret: '', scope: 'read',
    pkce: true, client_auth: 'body', access_token: '' } } } };

const browser = await chromium.launch({
  executablePath: args.chromium,
  headless: true,
  chromiumSandbox: false,
  args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
    '--disable-quic', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
});

async function frames(page, n = 4) {
  const start = await page.evaluate(() => window.wirepad.frames());
  await page.waitForFunction((s) => window.wirepad.frames() >= s, start + n, { timeout: 20000 });
}

// Clicks the control the app drew under `name` (state.io.buttons) with the real mouse: a user
// gesture, so the page may open a popup.
async function clickDrawn(page, name) {
  await frames(page, 2);  // where it is now, not where an earlier frame put it
  const at = (await page.evaluate(() => window.wirepad.dialogs())).buttons[name];
  if (!at) throw new Error(`${name} is not on screen`);
  await page.mouse.move(at[0], at[1]);
  await frames(page, 2);
  await page.mouse.down();
  await frames(page, 2);
  await page.mouse.up();
  await frames(page, 2);  // the release lands on the button in a frame of its own
  await page.mouse.move(1270, 790);  // no hover highlight or tooltip in the pictures
  await frames(page, 2);
}

const auth = (page) => page.evaluate(() => window.wirepad.auth());
async function fetchDone(page) {
  await page.waitForFunction(() => { const a = window.wirepad.auth(); return !a.fetching && !a.authorizing; }, null,
    { timeout: 20000 });
  return auth(page);
}

try {
  fs.mkdirSync(args.out, { recursive: true });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const consoleLines = [];
  page.on('console', (m) => consoleLines.push(`[console.${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));
  // The composer taller than its default third of the window, as a person drags it to fill in
  // the OAuth 2.0 form: the whole form and its Get new access token in view (ui/settings.h).
  await page.addInitScript(() => {
    localStorage.setItem('wirepad.settings', JSON.stringify({ layout: 'below', split_below: 0.75 }));
  });
  await page.goto(pageUrl);
  await page.waitForFunction(() => window.wirepad && window.wirepad.frames() > 2, null, { timeout: 60000 });
  check((await page.evaluate((d) => window.wirepad.load(d), experiment)).ok, 'load the OAuth 2.0 experiment');
  await frames(page);
  await clickDrawn(page, 'composer.auth_tab');
  const before = await auth(page);
  check(before.token.length === 0, 'no token is kept before', JSON.stringify(before));
  await frames(page, 6);
  await page.screenshot({ path: path.join(args.out, 'auth-oauth2-before-browser.png') });

  console.log('1. Get new access token: the popup, the consent page, Approve, the callback, the token');
  let popupPromise = page.waitForEvent('popup', { timeout: 10000 });
  await clickDrawn(page, 'composer.auth.get_token');
  let popup = await popupPromise;
  await popup.waitForLoadState();
  check(popup.url().startsWith(`${issuer}/authorize?`), 'the popup opened at the authorization endpoint', popup.url());
  const authorizeUrl = new URL(popup.url());
  check(authorizeUrl.searchParams.get('code_challenge_method') === 'S256' && authorizeUrl.searchParams.get('code_challenge'),
    'with a PKCE S256 challenge', popup.url());
  check(authorizeUrl.searchParams.get('redirect_uri') === new URL('oauth-callback.html', pageUrl).href,
    'the redirect URI is the page\'s oauth-callback.html', authorizeUrl.searchParams.get('redirect_uri'));
  check((await popup.textContent('h1')) === 'Allow public-app?', 'the consent page asks about public-app');
  let waiting = await auth(page);
  check(waiting.authorizing && waiting.token_only, 'the tab waits for the sign-in', JSON.stringify(waiting));
  await frames(page, 6);
  await page.screenshot({ path: path.join(args.out, 'auth-oauth2-signing-in-browser.png') });
  const closed = popup.waitForEvent('close', { timeout: 10000 });
  await popup.click('#approve');
  await closed;
  check(true, 'the callback page handed the code back and closed the popup');
  let done = await fetchDone(page);
  check(!done.error, 'the code was exchanged for a token, no error', JSON.stringify(done));
  check(done.token.length >= 20 && done.token.environment === 'default' &&
    done.token.variable === '{{oauth2.public-app.access_token}}' && done.token.refresh_token &&
    done.token.expiry.startsWith('expires in 60 min'),
  'the token is kept in the new environment "default", with its refresh token and expiry', JSON.stringify(done.token));
  const tokenExchange = await page.evaluate(() => window.wirepad.state());
  check(tokenExchange.phase === 'done' && tokenExchange.status === 200, 'the token request (through the relay) got 200',
    JSON.stringify({ phase: tokenExchange.phase, status: tokenExchange.status, error: tokenExchange.error }));
  check(captured.length === 0, 'the request itself was not sent', captured.length);
  await frames(page, 6);
  await page.screenshot({ path: path.join(args.out, 'auth-oauth2-token-browser.png') });

  console.log('2. Send: the request goes out with the token');
  const sent = await page.evaluate(() => window.wirepad.send());
  check(sent.ok, 'send', JSON.stringify(sent));
  await page.waitForFunction(() => ['done', 'failed'].includes(window.wirepad.state().phase), null, { timeout: 20000 });
  for (let i = 0; i < 50 && captured.length === 0; ++i) await new Promise((r) => setTimeout(r, 100));
  const request = captured.length ? captured[captured.length - 1].toString('latin1') : '';
  const bearer = (request.match(/\r\nAuthorization: Bearer (\S+)\r\n/) || [])[1];
  check(request.startsWith('GET /api/me HTTP/1.1\r\n') && bearer && bearer.length === done.token.length,
    'the capture server got GET /api/me with Authorization: Bearer <the kept token>', request.slice(0, 400));
  const resource = await fetch(`${issuer}/resource`, { headers: { Authorization: `Bearer ${bearer}` } });
  check(resource.status === 200 && (await resource.text()) === 'hello public-app read',
    'the authorization server accepts that token at its /resource', resource.status);

  console.log('3. the popup closed without an answer: a clear error, nothing lost');
  const composerBefore = await page.evaluate(() => window.wirepad.experiment());
  popupPromise = page.waitForEvent('popup', { timeout: 10000 });
  await clickDrawn(page, 'composer.auth.get_token');
  popup = await popupPromise;
  await popup.waitForLoadState();
  // A window that looks closed within 3 s is taken as cut off by COOP (web/web_oauth.h): the
  // user here takes longer to give up.
  await new Promise((r) => setTimeout(r, 3500));
  await popup.close();
  done = await fetchDone(page);
  check(done.error && done.error.code === 'cancelled' && done.error.message.includes('sign-in window was closed'),
    'closing the popup ends the wait with "the sign-in window was closed"', JSON.stringify(done.error));
  check(done.token.length === bearer.length, 'the token kept before is still kept', JSON.stringify(done.token));
  check(JSON.stringify(await page.evaluate(() => window.wirepad.experiment())) === JSON.stringify(composerBefore),
    'the composer\'s request is unchanged');
  await frames(page, 6);
  await page.screenshot({ path: path.join(args.out, 'auth-oauth2-popup-closed-browser.png') });
  const count = captured.length;
  check((await page.evaluate(() => window.wirepad.send())).ok, 'Send still works');
  for (let i = 0; i < 50 && captured.length === count; ++i) await new Promise((r) => setTimeout(r, 100));
  check(captured.length === count + 1 && captured[count].toString('latin1').includes(`Authorization: Bearer ${bearer}\r\n`),
    'and goes out with the kept token');

  console.log('4. Deny on the consent page: the server\'s access_denied');
  await page.waitForFunction(() => ['done', 'failed'].includes(window.wirepad.state().phase), null, { timeout: 20000 });
  popupPromise = page.waitForEvent('popup', { timeout: 10000 });
  await clickDrawn(page, 'composer.auth.get_token');
  popup = await popupPromise;
  await popup.waitForLoadState();
  await popup.click('#deny');
  done = await fetchDone(page);
  check(done.error && done.error.message.includes('access_denied'), 'Deny ends with the server\'s access_denied',
    JSON.stringify(done.error));
  check(!(await page.evaluate(() => window.wirepad.auth())).authorizing, 'and the wait is over');

  console.log('5. the tab\'s Cancel while the popup waits: the wait ends and the popup is closed');
  popupPromise = page.waitForEvent('popup', { timeout: 10000 });
  await clickDrawn(page, 'composer.auth.get_token');
  popup = await popupPromise;
  await popup.waitForLoadState();
  const popupClosed = popup.waitForEvent('close', { timeout: 10000 }).then(() => true, () => false);
  await frames(page, 4);
  await clickDrawn(page, 'composer.auth.cancel_fetch');
  done = await fetchDone(page);
  check(done.error && done.error.code === 'cancelled' && done.error.message.includes('the sign-in was cancelled'),
    'Cancel ends the wait with "the sign-in was cancelled"', JSON.stringify(done.error));
  check(await popupClosed, 'the sign-in popup was closed with it');
  check(done.token.length === bearer.length, 'the token kept before is still kept', JSON.stringify(done.token));

  console.log('6. client credentials: the token request through the relay; a wrong secret named');
  const confidential = JSON.parse(JSON.stringify(experiment));
  Object.assign(confidential.request.auth.oauth2, { grant: 'client_credentials', client_id: 'confidential-app',
    client_secret: 'not the secret', client_auth: 'basic_header' });
  check((await page.evaluate((d) => window.wirepad.load(d), confidential)).ok, 'load a client-credentials experiment');
  await frames(page);
  await clickDrawn(page, 'composer.auth_tab');
  const typedBefore = await page.evaluate(() => window.wirepad.experiment());
  const capturedBefore = captured.length;
  await clickDrawn(page, 'composer.auth.get_token');
  done = await fetchDone(page);
  check(done.error && done.error.code === 'auth_rejected' && done.error.message.includes('invalid_client'),
    'a wrong client secret: the token endpoint\'s invalid_client, in the tab', JSON.stringify(done.error));
  check(done.token.length === 0, 'no token is kept for confidential-app', JSON.stringify(done.token));
  check(JSON.stringify(await page.evaluate(() => window.wirepad.experiment())) === JSON.stringify(typedBefore),
    'nothing typed is lost');
  await frames(page, 6);
  await page.screenshot({ path: path.join(args.out, 'auth-oauth2-error-browser.png') });
  confidential.request.auth.oauth2.client_secret = 's3cret pass:1';
  check((await page.evaluate((d) => window.wirepad.load(d), confidential)).ok, 'the right secret');
  await frames(page);
  await clickDrawn(page, 'composer.auth_tab');
  await clickDrawn(page, 'composer.auth.get_token');
  done = await fetchDone(page);
  const viaRelay = await page.evaluate(() => window.wirepad.state());
  check(!done.error && done.token.length >= 20 && done.token.variable === '{{oauth2.confidential-app.access_token}}' &&
    done.token.environment === 'default' && !done.token.refresh_token,
  'a client-credentials token is kept (no refresh token: RFC 6749 §4.4.3)', JSON.stringify(done));
  check(viaRelay.status === 200 && viaRelay.phase === 'done', 'the token request went through the relay: 200',
    JSON.stringify({ phase: viaRelay.phase, status: viaRelay.status }));
  check(captured.length === capturedBefore, 'and the request itself was not sent', captured.length - capturedBefore);
  if (failures.length) console.log(consoleLines.slice(-20).join('\n'));
} catch (e) {
  check(false, 'the test ran to the end', e.stack);
  for (const p of browser.contexts().flatMap((c) => c.pages())) {
    await p.screenshot({ path: path.join(args.out, 'oauth-failure.png') }).catch(() => {});
    console.log(JSON.stringify(await p.evaluate(() => window.wirepad && window.wirepad.auth()).catch(() => null)));
    break;
  }
} finally {
  await browser.close();
  for (const c of children) c.kill('SIGTERM');
}
console.log(failures.length ? `${failures.length} failed` : 'all passed');
process.exit(failures.length ? 1 : 0);
