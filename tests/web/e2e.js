// e2e.js - respondents through their invitation links in Chromium, with
// the mouse: one link per respondent, followed from the e-mail. A
// respondent answers every page the way its profile says and submits;
// the walk must end on the thank-you page. Driven by tests/cli/e2e.sh.
// Usage: node e2e.js PROFILE=LINK...
//   PROFILE: innovator-nl, innovator-en, non-innovator-nl, non-innovator-en
//        node e2e.js monitor BASE_URL NAME PASSWORD: log in to the research
//   team's pages and print the monitor's total row (frame, invited,
//   started, completed) as "total F I S C"
'use strict';
const { chromium } = require('playwright-core');

let failures = 0;
function fail(msg) { console.log('FAIL: ' + msg); failures++; }

// Answer the controls of the page as profile says: the innovation question
// by the profile, the first answer of every other radio group, the first
// option of each checkbox group (never an exclusive "none"), a text in
// every text field.
async function answer(page, innovator) {
  const radios = await page.$$eval('input[type=radio]', (es) =>
    es.map((e) => ({ name: e.name, id: e.id, value: e.value })));
  const seen = new Set();
  for (const r of radios) {
    if (r.name === 'innovated') {
      if (r.value === (innovator ? '1' : '0')) await page.check('#' + r.id);
      continue;
    }
    if (seen.has(r.name)) continue;
    seen.add(r.name);
    await page.check('#' + r.id);
  }
  const boxes = await page.$$eval('input[type=checkbox]', (es) =>
    es.map((e) => ({ name: e.name, id: e.id })));
  const groups = new Set();
  for (const b of boxes) {
    const group = b.name.replace(/_[^_]*$/, '');
    if (groups.has(group) || /_none$/.test(b.name)) continue;
    groups.add(group);
    await page.check('#' + b.id);
  }
  for (const t of await page.$$('textarea'))
    await t.fill('Een digitaal loket voor aanvragen, samen met de provincie.');
}

async function walk(browser, profile, link) {
  const innovator = profile.startsWith('innovator');
  const en = profile.endsWith('-en');
  const page = await browser.newPage();
  await page.goto(link);
  if (en) {                         // the language link of the page
    await Promise.all([page.waitForNavigation(),
                       page.click('a[hreflang=en], a[href*="lang=en"]')]);
    if ((await page.getAttribute('html', 'lang')) !== 'en')
      fail(`${profile}: the page did not switch to English`);
  }
  for (let step = 0; step < 30; step++) {
    if (page.url().endsWith('/done')) {
      const text = await page.textContent('main');
      const want = en ? /thank/i : /dank/i;
      if (!want.test(text)) fail(`${profile}: no thanks on the last page`);
      console.log(`ok ${profile}: submitted in ${step} pages`);
      await page.close();
      return;
    }
    if (await page.isVisible('.error-summary'))
      fail(`${profile}: refused at ${page.url()}: ` +
           (await page.textContent('.error-summary')).replace(/\s+/g, ' '));
    await answer(page, innovator);
    await Promise.all([page.waitForNavigation(),
                       page.click('button[type=submit]')]);
  }
  fail(`${profile}: did not reach the end`);
}

async function monitor(browser, base, name, password) {
  const page = await browser.newPage();
  await page.goto(`${base}/admin/login?lang=en`);
  await page.fill('#f-name', name);
  await page.fill('#f-password', password);
  await Promise.all([page.waitForNavigation(),
                     page.click('button[type=submit]')]);
  if (!page.url().endsWith('/admin/') && !/\/admin\/(\?.*)?$/.test(page.url()))
    fail(`monitor: after the login at ${page.url()}`);
  const cells = await page.$$eval('table tr.total', (rows) =>
    rows.length ? Array.from(rows[0].querySelectorAll('td'))
      .slice(0, 4).map((td) => td.textContent.trim()) : []);
  if (cells.length !== 4) fail('monitor: no total row');
  console.log('total ' + cells.join(' '));
  await page.close();
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'] });
  if (process.argv[2] === 'monitor') {
    await monitor(browser, ...process.argv.slice(3, 6));
    await browser.close();
    process.exit(failures ? 1 : 0);
  }
  for (const arg of process.argv.slice(2)) {
    const eq = arg.indexOf('=');
    await walk(browser, arg.slice(0, eq), arg.slice(eq + 1));
  }
  await browser.close();
  process.exit(failures ? 1 : 0);
})().catch((e) => { console.log('FAIL: ' + e); process.exit(1); });
