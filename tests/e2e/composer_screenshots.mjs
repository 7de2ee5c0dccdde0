// tests/e2e: screenshots of the composer's tabs in the browser build (scripts/screenshots_composer.sh).
// Starts `wirepad serve`, opens the page in headless Chromium, and for each NAME:TAB loads
// DATA/NAME.json with window.wirepad.load, clicks the composer's TAB where the app drew it,
// and saves OUT/composer-NAME-browser.png. Nothing is sent.
// usage: node composer_screenshots.mjs --wirepad PATH --web-root DIR --data DIR --out DIR NAME:TAB...
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = { chromium: '/usr/bin/chromium', shots: [] };
for (let i = 2; i < process.argv.length; ++i) {
  const a = process.argv[i];
  if (a.startsWith('--')) args[a.slice(2).replace(/-(\w)/g, (_, c) => c.toUpperCase())] = process.argv[++i];
  else args.shots.push(a);
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
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wirepad-composer-shots-'));
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
  for (const shot of args.shots) {
    const [name, tab] = shot.split(':');
    const experiment = fs.readFileSync(path.join(args.data, `${name}.json`), 'utf8');
    const loaded = await page.evaluate((e) => window.wirepad.load(e), experiment);
    if (!loaded || !loaded.ok) throw new Error(`${name}: load refused: ${JSON.stringify(loaded)}`);
    await frames(page);
    const at = (await page.evaluate(() => window.wirepad.dialogs())).buttons[`composer.${tab.toLowerCase()}_tab`];
    if (!at) throw new Error(`${name}: the ${tab} tab is not on screen`);
    await page.mouse.move(at[0], at[1]);
    await frames(page, 2);
    await page.mouse.down();
    await frames(page, 2);
    await page.mouse.up();
    await page.mouse.move(1270, 790);  // no hover highlight or tooltip in the picture
    await frames(page, 6);
    const file = path.join(args.out, `composer-${name}-browser.png`);
    await page.screenshot({ path: file });
    console.log(file);
  }
} catch (e) {
  console.log(`FAIL: ${e.message}`);
  failed = true;
} finally {
  await browser.close();
  serve.child.kill();
  fs.rmSync(tmp, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
