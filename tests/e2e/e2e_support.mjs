// tests/e2e: what the browser scripts share: their arguments, free ports, a child that is
// ready when it prints a line, waiting for frames of the page, and Chromium launched with the
// flags every browser test uses (a fresh profile, nothing talking to the internet).
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

export const here = path.dirname(fileURLToPath(import.meta.url));

// --web-root DIR --out DIR ... as { webRoot, out, ... }; --chromium defaults to /usr/bin/chromium.
export function parseArgs(argv = process.argv) {
  const args = { chromium: '/usr/bin/chromium' };
  for (let i = 2; i < argv.length; ++i) {
    const a = argv[i];
    if (a.startsWith('--')) args[a.slice(2).replace(/-(\w)/g, (_, c) => c.toUpperCase())] = argv[++i];
  }
  return args;
}

export function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = server.address().port;
      server.close(() => resolve(port));
    });
  });
}

export async function waitForPort(port) {
  for (let i = 0; i < 200; ++i) {
    const open = await new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => { s.destroy(); resolve(true); });
      s.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`nothing listens on ${port}`);
}

// Starts `command` and resolves with { child, match } once a line of its output matches.
export function startAndWaitFor(command, argv, pattern) {
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

// Resolves after the page has drawn `n` more frames (window.wirepad.frames()).
export async function frames(page, n = 4) {
  const start = await page.evaluate(() => window.wirepad.frames());
  await page.waitForFunction((s) => window.wirepad.frames() >= s, start + n, { timeout: 20000 });
}

export async function launchChromium(executablePath) {
  const { chromium } = await import(path.join(here, 'node_modules', 'playwright-core', 'index.mjs'));
  return chromium.launch({
    executablePath,
    headless: true,
    chromiumSandbox: false,
    args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
      '--disable-quic', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
  });
}
