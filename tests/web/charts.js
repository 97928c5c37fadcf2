// The report's charts in Chromium (tests/cli/report_charts.sh): every
// chart label drawn with the shipped font inside its chart, at 1280 and
// at 390 px; at 390 px no horizontal scrolling of the page and no chart
// label smaller than 11 px as rendered.
//
// Usage: node charts.js PAGE.html [SHOTS_DIR]
// Run with FONTCONFIG_FILE naming a configuration with DejaVu only, so a
// label that fits only in Arial's metrics (or the page's font not being
// loaded) shows. Prints one line per failure; exit 1 on any.
'use strict';
const { chromium } = require('playwright-core');
const path = require('path');

async function check(page, width, shots, name) {
  await page.setViewportSize({ width, height: 900 });
  await page.evaluate(() => document.fonts.ready);
  const r = await page.evaluate(() => {
    const out = { bad: [], labels: 0, charts: 0, small: [], minPx: 1e9 };
    out.fontLoaded = document.fonts.check('13px "Barometer Sans"') &&
      document.fonts.check('bold 13px "Barometer Sans"') &&
      [...document.fonts].some(f => f.family.replace(/"/g, '') ===
                               'Barometer Sans' && f.status === 'loaded');
    out.scrollWidth = document.documentElement.scrollWidth;
    for (const svg of document.querySelectorAll('svg')) {
      // a chart hidden at this width (display:none) is not checked
      if (!svg.getClientRects().length) continue;
      out.charts++;
      const vb = svg.viewBox.baseVal;
      const scale = svg.getBoundingClientRect().width / vb.width;
      const title = svg.getAttribute('aria-label') || '';
      for (const t of svg.querySelectorAll('text')) {
        if (!t.textContent.trim()) continue;
        out.labels++;
        const b = t.getBBox();
        if (b.x < vb.x - 0.5 || b.y < vb.y - 0.5 ||
            b.x + b.width > vb.x + vb.width + 0.5 ||
            b.y + b.height > vb.y + vb.height + 0.5)
          out.bad.push(`'${title.slice(0, 50)}': '${t.textContent}' box ` +
                       `${b.x.toFixed(1)}..${(b.x + b.width).toFixed(1)} x ` +
                       `${b.y.toFixed(1)}..${(b.y + b.height).toFixed(1)}` +
                       ` outside viewBox ${vb.width}x${vb.height}`);
        const px = parseFloat(getComputedStyle(t).fontSize) * scale;
        if (px < out.minPx) out.minPx = px;
        if (px < 11 - 1e-6)
          out.small.push(`'${title.slice(0, 50)}': '${t.textContent}' ` +
                         `${px.toFixed(1)} px`);
      }
    }
    return out;
  });
  const fails = [];
  if (!r.fontLoaded) fails.push(`${width}px: the font Barometer Sans is not loaded`);
  for (const b of r.bad) fails.push(`${width}px: ${b}`);
  if (width <= 390) {
    if (r.scrollWidth > width)
      fails.push(`${width}px: the page is ${r.scrollWidth} px wide`);
    for (const s of r.small.slice(0, 20))
      fails.push(`${width}px: label smaller than 11 px: ${s}`);
    if (r.small.length > 20)
      fails.push(`${width}px: ... ${r.small.length} labels smaller than 11 px`);
  }
  console.log(`${name} at ${width}px: ${r.charts} charts, ${r.labels} ` +
              `labels, ${r.bad.length} outside, smallest ` +
              `${r.minPx.toFixed(1)} px, page ${r.scrollWidth} px wide`);
  if (shots) {
    await page.screenshot({ path: path.join(shots, `${name}-${width}.png`),
                            fullPage: true });
  }
  return fails;
}

(async () => {
  const file = process.argv[2];
  const shots = process.argv[3];
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'] });
  let fails = [];
  try {
    const page = await browser.newPage();
    await page.goto('file://' + path.resolve(file), { waitUntil: 'load' });
    const name = path.basename(path.dirname(path.resolve(file)));
    for (const w of [1280, 390])
      fails = fails.concat(await check(page, w, shots, name));
  } finally {
    await browser.close();
  }
  for (const f of fails) console.log('FAIL: ' + f);
  process.exit(fails.length ? 1 : 0);
})().catch(e => { console.log('FAIL: ' + e); process.exit(1); });
