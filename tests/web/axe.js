// axe.js - the respondent's pages of `barometer serve` in Chromium:
// axe-core (WCAG 2.0/2.1 A and AA rules, and best practices) on every page
// type with zero violations, a visible focus on every control reached with
// the keyboard, and a completion of the whole questionnaire with the
// keyboard only. Driven by tests/cli/serve_axe.sh.
// The research team's pages (admin mode): the login form, a refused
// login, the monitor in both languages, the reminders, the quotes, an
// approval, a rejection with the keyboard only, the polite 403 of a form
// with a wrong CSRF token, and logout.
// Usage: node axe.js walk BASE_URL TOKEN_MOUSE TOKEN_KEYBOARD [SHOTS_DIR]
//        node axe.js pages BASE_URL NAME=PATH... (each checked as it is)
//        node axe.js admin BASE_URL NAME PASSWORD [SHOTS_DIR]
'use strict';
const path = require('path');
const { chromium } = require('playwright-core');
const axeSource = require('fs').readFileSync(
  require.resolve('axe-core/axe.min.js'), 'utf8');

const [mode, base, ...rest] = process.argv.slice(2);
const shots = mode === 'walk' || mode === 'admin' ? rest[2]
                                                  : process.env.SHOTS_DIR;
let failures = 0;
function fail(msg) { console.log('FAIL: ' + msg); failures++; }

async function check(page, name) {
  // the page's own CSP allows no script: axe comes in through the
  // context's bypassCSP
  await page.addScriptTag({ content: axeSource });
  const r = await page.evaluate(() => axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a',
                                     'wcag21aa', 'best-practice'] },
  }));
  for (const v of r.violations)
    fail(`${name}: ${v.id} (${v.impact}): ${v.help}: ` +
         v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', '));
  if (shots) {
    for (const w of [1280, 390]) {
      await page.setViewportSize({ width: w, height: 900 });
      await page.screenshot({ path: path.join(shots, `${name}-${w}.png`),
                              fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  }
  // zoom to 400% (WCAG 1.4.10): 1280 px at 400% is 320 CSS px; the page
  // reflows without a horizontal scroll (wide tables scroll in their own
  // box)
  await page.setViewportSize({ width: 320, height: 900 });
  const [sw, cw] = await page.evaluate(() =>
    [document.documentElement.scrollWidth,
     document.documentElement.clientWidth]);
  if (sw > cw) fail(`${name}: ${sw} px wide at 320 px (400% zoom)`);
  await page.setViewportSize({ width: 1280, height: 900 });
  console.log(`ok ${name}: ${r.passes.length} rules pass`);
}

async function submit(page) {
  await Promise.all([page.waitForNavigation(),
                     page.click('button[type=submit]')]);
}

// The whole questionnaire with Tab, Space, typing and Enter only: the
// first answer of every radio group, a text in every text field, then
// Enter on the button; every control reached must show its focus.
async function keyboardWalk(page, token) {
  await page.goto(`${base}/s/${token}`);
  for (let step = 0; step < 40; step++) {
    const url = page.url();
    if (url.endsWith('/done')) return true;
    const answered = new Set();
    let pressed = false;
    for (let i = 0; i < 400 && !pressed; i++) {
      await page.keyboard.press('Tab');
      const f = await page.evaluate(() => {
        const e = document.activeElement;
        if (!e || e === document.body) return null;
        const s = getComputedStyle(e);
        return { tag: e.tagName, type: e.type || '', name: e.name || '',
                 visible: s.outlineStyle !== 'none' || s.boxShadow !== 'none' };
      });
      if (!f) continue;
      if (!f.visible) fail(`${url}: no visible focus on ${f.tag} ${f.name}`);
      if (f.type === 'radio' && !answered.has(f.name)) {
        await page.keyboard.press('Space');
        answered.add(f.name);
      } else if (f.tag === 'TEXTAREA') {
        await page.keyboard.type('Met het toetsenbord');
      } else if (f.tag === 'BUTTON') {
        await Promise.all([page.waitForNavigation(),
                           page.keyboard.press('Enter')]);
        pressed = true;
      }
    }
    if (!pressed) { fail(`${url}: the button was never reached`); return false; }
  }
  fail('keyboard walk did not end');
  return false;
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'] });
  const context = await browser.newContext({ bypassCSP: true,
    viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  if (mode === 'admin') {
    const [name, password] = rest;
    await page.goto(`${base}/admin/`);            // to the login form
    await check(page, 'admin-login');
    await page.fill('#f-name', name);
    await page.fill('#f-password', 'not the password');
    await submit(page);
    await check(page, 'admin-login-refused');
    await page.waitForTimeout(1200);              // the login delay
    await page.fill('#f-name', name);
    await page.fill('#f-password', password);
    await submit(page);
    if (!page.url().endsWith('/admin/'))
      fail(`login went to ${page.url()}`);
    await check(page, 'admin-monitor');
    await page.goto(`${base}/admin/?lang=en`);
    await check(page, 'admin-monitor-en');
    await page.click('nav.admin-nav a[href^="/admin/reminders"]');
    await check(page, 'admin-reminders');
    await page.goto(`${base}/admin/quotes`);
    await check(page, 'admin-quotes');
    await Promise.all([page.waitForNavigation(),  // approve the first
                       page.click('main form button[type=submit]')]);
    await check(page, 'admin-quotes-approved');
    if (!(await page.isVisible('#q1 .state-approved')))
      fail('no approval shown');
    // the second answer rejected with the keyboard only: Tab to its
    // "Afwijzen" button (its accessible name says which answer), Enter
    let reached = false;
    for (let i = 0; i < 60 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => {
        const b = document.activeElement;
        return b && b.matches('#q2 button[value=reject]') &&
          getComputedStyle(b).outlineStyle !== 'none';
      });
    }
    if (!reached) fail('the reject button is not reached with Tab ' +
                       '(or shows no focus)');
    const label = await page.evaluate(() =>
      document.activeElement.textContent);
    if (!/^Afwijzen: /.test(label))
      fail(`the reject button's name: ${label}`);
    await Promise.all([page.waitForNavigation(),
                       page.keyboard.press('Enter')]);
    if (!(await page.isVisible('#q2 .state-rejected')))
      fail('no rejection shown');
    await check(page, 'admin-quotes-rejected');
    await page.evaluate(() => {                   // a forged form
      document.querySelector('main form input[name=csrf]').value = 'x';
    });
    await Promise.all([page.waitForNavigation(),
                       page.click('main form button[type=submit]')]);
    await check(page, 'admin-csrf-refused');
    await page.goto(`${base}/admin/`);
    await Promise.all([page.waitForNavigation(),
                       page.click('nav.admin-nav button')]);
    if (!page.url().includes('/admin/login'))
      fail(`logout went to ${page.url()}`);
    await check(page, 'admin-logged-out');
  } else if (mode === 'pages') {
    for (const arg of rest) {
      const eq = arg.indexOf('=');
      await page.goto(base + arg.slice(eq + 1));
      await check(page, arg.slice(0, eq));
    }
  } else {
    const [t, tk] = rest;
    await page.goto(`${base}/s/${t}`);
    await check(page, 'single');                  // p0: one single question
    await page.check('#f-size-1');
    await submit(page);
    await check(page, 'singles');                 // p1: three
    await submit(page);
    await submit(page);                           // p2 empty: refused
    await check(page, 'error');
    if (!(await page.isVisible('.error-summary')))
      fail('no error summary');
    const start = await page.evaluate(() =>
      document.activeElement.className);
    if (start !== 'error-summary')
      fail(`a refused page starts with the focus on '${start}'`);
    await page.click('.error-summary a');         // leads to the field
    const focused = await page.evaluate(() => document.activeElement.id);
    if (focused !== 'f-innovated-0')
      fail(`the summary link focused '${focused}'`);
    await page.check('#f-innovated-1');
    await submit(page);
    await check(page, 'multi-text');              // p3
    await page.check('#f-type_product');
    await page.fill('#f-description', 'Een <b>app</b>');
    await page.check('#f-tech_share-2');
    await submit(page);
    await page.check('#f-collab_none');
    await page.check('#f-collab_private');
    await submit(page);
    await check(page, 'error-exclusive');         // p4 refused
    await page.uncheck('#f-collab_none');
    await submit(page);
    await check(page, 'grid-routed');             // p5: phase, factor grid
    await submit(page);
    await check(page, 'grid');                    // p6
    await submit(page);
    await submit(page);                           // p7
    await check(page, 'review');
    await page.goto(page.url() + '?lang=en');
    await check(page, 'review-en');
    await submit(page);
    await check(page, 'thanks');
    await page.goto(`${base}/s/${t}/p/0`);
    await check(page, 'locked');
    await page.goto(`${base}/print`);
    await check(page, 'print');
    await page.goto(`${base}/s/AAAAAAAAAAAAAAAAAAAAAA`);
    await check(page, 'unknown');
    await page.goto(`${base}/nothing`);
    await check(page, 'not-found');
    if (!(await keyboardWalk(page, tk))) fail('keyboard-only completion');
    else console.log('ok keyboard-only completion');
  }
  await browser.close();
  if (failures) { console.log(`${failures} failure(s)`); process.exit(1); }
})().catch((e) => { console.log('FAIL: ' + e.stack); process.exit(1); });
