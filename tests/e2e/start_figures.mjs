// The browser build's start, measured: `wirepad serve` on an ephemeral port serving WEB_ROOT,
// the page opened RUNS times in headless Chromium (a fresh browser context each time, so
// nothing is cached): time from navigation to the first frame, to the main font in the atlas,
// and the bytes each resource took. Prints one line per run and the medians. Not a test (ctest
// does not run it); docs/browser.md quotes its figures.
// usage: node start_figures.mjs --wirepad BIN --web-root DIR [--runs 5] [--chromium /usr/bin/chromium]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = { runs: 5, chromium: '/usr/bin/chromium' };
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '').replace(/-(.)/g, (_, c) => c.toUpperCase())] = process.argv[i + 1];
const { chromium } = await import(path.join(here, 'node_modules', 'playwright-core', 'index.mjs'));

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wirepad-start-'));
const serve = spawn(args.wirepad, ['serve', '--port', '0', '--web-root', args.webRoot, '--hello-port', '0',
  '--tcp-echo-port', '0', '--udp-echo-port', '0', '--pairings', path.join(tmp, 'pairings.json')], { stdio: ['ignore', 'pipe', 'pipe'] });
const pageUrl = await new Promise((resolve, reject) => {
  let text = '';
  const timer = setTimeout(() => reject(new Error('wirepad serve did not start: ' + text)), 15000);
  const take = (d) => {
    text += d;
    const m = text.match(/^serving (http:\/\/\S+)/m);
    if (m) { clearTimeout(timer); resolve(m[1]); }
  };
  serve.stdout.on('data', take);
  serve.stderr.on('data', take);
});
const browser = await chromium.launch({ executablePath: args.chromium, headless: true, chromiumSandbox: false,
  args: ['--disable-background-networking', '--no-first-run', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'] });
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const rows = [];
try {
  for (let run = 0; run < Number(args.runs); ++run) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(pageUrl);
    await page.waitForFunction(() => window.wirepad && window.wirepad.frames() > 2, null, { timeout: 60000 });
    // The main font, when the build fetches one (window.wirepadMainFontLoaded, web/web_fonts.cpp).
    const fontMs = await page.evaluate(async () => {
      for (let i = 0; i < 100 && window.wirepadMainFontLoaded === undefined; ++i) await new Promise((r) => setTimeout(r, 50));
      const e = performance.getEntriesByType('resource').find((x) => x.name.includes('/fonts/mono.ttf'));
      return window.wirepadMainFontLoaded === 1 && e ? e.responseEnd : null;
    });
    const figures = await page.evaluate(() => ({
      first_frame_ms: window.wirepadFirstFrameMs,
      resources: performance.getEntriesByType('resource').concat(performance.getEntriesByType('navigation'))
        .map((e) => ({ name: e.name.replace(/^https?:\/\/[^/]+\//, '/').replace(/\?.*/, ''), bytes: e.encodedBodySize, end_ms: Math.round(e.responseEnd) })),
    }));
    figures.font_ms = fontMs;
    figures.font_frame = await page.evaluate(() => window.wirepadMainFontFrame);
    figures.bytes = figures.resources.reduce((n, r) => n + r.bytes, 0);
    rows.push(figures);
    console.log(`run ${run + 1}: first frame ${Math.round(figures.first_frame_ms)} ms, main font in ${fontMs === null ? '-' : Math.round(fontMs) + ' ms'}` +
      (figures.font_frame === undefined ? '' : ` (frames drawn before it: ${figures.font_frame})`) + ', ' +
      `${figures.bytes} B in ${figures.resources.length} responses: ` + figures.resources.map((r) => `${r.name} ${r.bytes} B @${r.end_ms} ms`).join(', '));
    await context.close();
  }
  console.log(`median: first frame ${Math.round(median(rows.map((r) => r.first_frame_ms)))} ms` +
    (rows[0].font_ms === null ? '' : `, main font ${Math.round(median(rows.map((r) => r.font_ms)))} ms`) +
    `, ${median(rows.map((r) => r.bytes))} B`);
} finally {
  await browser.close();
  serve.kill();
}
