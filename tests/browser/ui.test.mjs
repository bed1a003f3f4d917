// ui.test.mjs - the analyst web UI in Debian's chromium, driven by
// playwright-core over a running `licit serve` (tests/integration/
// test_browser.sh starts it and passes LICIT_URL, LICIT_KEY: a reviewer
// key, LICIT_ARTIFACTS: where the screenshots go).
//
// The walk an analyst makes: sign in; screen "NSO Group Technologies"
// and find the Entity List entry of the US Consolidated Screening List
// with its explanation; open its alert and mark it a false positive with
// a reason; see it gone from the open queue; see the audit log verify.
// On the way: the transaction check, an API error shown next to its
// field, the lists screen, a tampered audit log (LICIT_TAMPER: a shell
// command that changes entry 1 in the store), sign out, and a screener
// key refused the audit log (LICIT_SCREENER_KEY). Controls are found by their role
// and accessible name (so an unlabelled control fails the test), and any
// console error (a Content-Security-Policy violation among them) fails it.

import {chromium} from 'playwright-core';
import {execSync} from 'node:child_process';
import {mkdtempSync, mkdirSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

const url = process.env.LICIT_URL;
const key = process.env.LICIT_KEY;
const screenerKey = process.env.LICIT_SCREENER_KEY;
const artifacts = process.env.LICIT_ARTIFACTS;
const executablePath = process.env.LICIT_CHROMIUM || '/usr/bin/chromium';
if (!url || !key || !artifacts) {
  console.error('ui.test.mjs: set LICIT_URL, LICIT_KEY and LICIT_ARTIFACTS (test_browser.sh does)');
  process.exit(2);
}
mkdirSync(artifacts, {recursive: true});

const TIMEOUT = 15000;
let failures = 0;

function ok(what) {
  console.log(`ok: ${what}`);
}

function fail(what, detail) {
  failures++;
  console.log(`FAIL: ${what}${detail ? ': ' + detail : ''}`);
}

function check(cond, what, detail) {
  if (cond) ok(what);
  else fail(what, detail);
}

// Wait for a locator to be visible; a failure names what was expected.
async function visible(locator, what) {
  try {
    await locator.first().waitFor({state: 'visible', timeout: TIMEOUT});
    ok(what);
    return true;
  } catch (e) {
    fail(what, e.message.split('\n')[0]);
    return false;
  }
}

async function shot(page, name) {
  const path = join(artifacts, `${name}.png`);
  await page.screenshot({path, fullPage: true});
  console.log(`screenshot: ${path}`);
}

const userDataDir = mkdtempSync(join(tmpdir(), 'licit-chromium-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    // a container's small /dev/shm must not crash the renderer
    '--disable-dev-shm-usage'],
  viewport: {width: 1280, height: 900},
});
const consoleErrors = [];
try {
  await run(context);
} catch (e) {
  fail('the walk through the UI', e.stack || String(e));
} finally {
  await context.close();
  rmSync(userDataDir, {recursive: true, force: true});
}
check(consoleErrors.length === 0, 'no console error or CSP violation on any screen', consoleErrors.join(' | '));
console.log(failures ? `${failures} failed` : 'all passed');
process.exit(failures ? 1 : 0);

async function run(ctx) {
  await staticFiles(ctx);
  const page = ctx.pages()[0] || await ctx.newPage();
  page.on('console', (m) => {
    // the browser logs every 4xx answer; the walk causes some on purpose
    // (a wrong key, a retired country code) and checks each on the page
    if (m.type() === 'error' && !/^Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())) {
      consoleErrors.push(m.text());
    }
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));

  // --- sign in ------------------------------------------------------
  await page.goto(url + '/');
  await visible(page.getByRole('heading', {name: 'Sign in', level: 1}), 'the sign-in screen comes first');
  const keyBox = page.getByLabel('API key');
  await keyBox.fill('not-a-key');
  await page.getByRole('button', {name: 'Sign in'}).click();
  await visible(page.getByText('this key is not accepted'), 'a wrong key is refused next to the field');
  check(await keyBox.getAttribute('aria-invalid') === 'true', 'the key field is marked invalid');
  await keyBox.fill(key);
  await shot(page, '01-sign-in');
  await keyBox.press('Enter'); // by keyboard
  await visible(page.getByRole('heading', {name: 'Screen a party', level: 1}), 'signed in: the screening screen');
  check(await page.evaluate(() => document.activeElement && document.activeElement.tagName) === 'H1',
    'focus moves to the new screen\'s heading');

  // --- screen a party -----------------------------------------------
  // by keyboard from the heading: Tab to the name, type, Tab on to the
  // schema, pick, Enter submits
  await page.keyboard.press('Tab');
  check(await page.evaluate(() => document.activeElement.labels && document.activeElement.labels[0].textContent) === 'Name',
    'Tab from the heading reaches the name field');
  await page.keyboard.type('NSO Group Technologies');
  await page.getByLabel('Schema').selectOption('organization');
  await page.getByLabel('Name', {exact: true}).press('Enter');
  const hits = page.getByRole('table', {name: 'Hits, best first'});
  await visible(hits, 'the hits table');
  const row = hits.getByRole('row').filter({hasText: 'US Consolidated Screening List'}).filter({hasText: 'NSO Group'});
  await visible(row, 'the CSL hit "NSO Group" is listed');
  const hit = page.getByRole('region', {name: /NSO Group/}).first();
  await visible(hit.getByText('Entity List (EL) - Bureau of Industry and Security'),
    'the hit names the Entity List (from its entity record)');
  const tokens = hit.getByRole('table', {name: /Explanation: tokens/});
  await visible(tokens, 'the explanation table of the hit');
  await visible(tokens.getByRole('row').filter({hasText: 'nso'}).filter({hasText: 'exact'}),
    'the explanation pairs the token "nso" exactly');
  await visible(tokens.getByRole('row').filter({hasText: 'technologies'}).filter({hasText: 'unmatched'}),
    'the explanation shows "technologies" unmatched');
  await visible(hit.getByRole('table', {name: /contributions to the score/}), 'the contributions table');
  await shot(page, '02-screen');
  const alertLink = row.getByRole('link', {name: /^Alert \d+/});
  await visible(alertLink, 'the hit links to its alert');
  const alertName = (await alertLink.textContent()).match(/^Alert (\d+)/);
  const alertId = alertName ? alertName[1] : '?';

  // --- check a transaction (and an error shown next to its field) ---
  await nav(page, 'Check a transaction').click();
  await visible(page.getByRole('heading', {name: 'Check a transaction', level: 1}), 'the check screen');
  await page.getByLabel('Control code').fill('4A005');
  await page.getByLabel('Destination').fill('AN');
  await page.getByRole('button', {name: 'Check', exact: true}).click();
  await visible(page.getByText('retired country code'), 'the API\'s error for a retired code is shown');
  const dest = page.getByLabel('Destination');
  check(await dest.getAttribute('aria-invalid') === 'true', 'the error is on the destination field');
  const describedBy = await dest.getAttribute('aria-describedby');
  const errText = await page.locator(`[id="${describedBy.split(' ').pop()}"]`).textContent();
  check(/retired country code/.test(errText), 'the field\'s description is the error message', errText);
  await dest.fill('IL');
  await page.getByLabel('End user', {exact: true}).fill('NSO Group Technologies Ltd');
  await page.getByLabel('As of').fill('2021-12-01');
  await page.getByRole('checkbox', {name: /US EAR/}).check();
  await page.getByRole('button', {name: 'Check', exact: true}).click();
  const regimes = page.getByRole('table', {name: 'Decision per regime'});
  await visible(regimes.getByRole('row').filter({hasText: 'us-ear-cyber'}).filter({hasText: 'licence-required'}),
    'us-ear-cyber: licence required');
  await visible(page.getByRole('table', {name: 'Rules of us-ear-cyber'}).getByRole('row').filter({hasText: 'EAR-ENTITY-LIST'}),
    'the Entity List rule is listed with its citation');
  await shot(page, '03-check');

  // --- the alert: mark it a false positive --------------------------
  await page.goto(`${url}/#/alerts/${alertId}`);
  await visible(page.getByRole('heading', {name: `Alert ${alertId}`, level: 1}), `alert ${alertId} opens`);
  await visible(page.getByText('NSO Group Technologies'), 'the alert names the party');
  await page.getByRole('button', {name: 'False positive'}).click();
  await visible(page.getByText('say why'), 'a decision without a reason is refused next to the field');
  await page.getByLabel('Reason').fill('Not the party: our customer NSO Group Technologies is a different company (test).');
  await page.getByRole('button', {name: 'False positive'}).click();
  await visible(page.getByRole('status').filter({hasText: `alert ${alertId} is false-positive`}), 'the decision is recorded');
  await visible(page.getByRole('table', {name: 'Decisions on this alert'}).getByRole('row').filter({hasText: 'false-positive'}),
    'the decision is in the alert\'s history');
  await shot(page, '04-alert');

  // --- the review queue no longer lists it --------------------------
  await nav(page, 'Review queue').click();
  await visible(page.getByRole('heading', {name: 'Review queue', level: 1}), 'the review queue');
  await page.getByRole('table').or(page.getByText('No open alerts.')).first().waitFor({timeout: TIMEOUT});
  check(await page.getByRole('link', {name: `Alert ${alertId}`, exact: true}).count() === 0,
    `alert ${alertId} has left the open queue`);
  check(await page.getByRole('alert').count() === 0, 'the queue loaded without an error');
  await shot(page, '05-queue');

  // --- the audit log verifies ---------------------------------------
  await nav(page, 'Audit log').click();
  await visible(page.getByRole('heading', {name: 'Audit log', level: 1}), 'the audit log screen');
  await visible(page.getByText('Audit log valid'), 'the audit log verifies as valid');
  await visible(page.getByRole('table', {name: /newest entries/}), 'the newest audit entries');
  await shot(page, '06-audit');

  // --- lists, then sign out -----------------------------------------
  await nav(page, 'Lists').click();
  await visible(page.getByRole('table', {name: /sources/}).getByRole('row').filter({hasText: 'us-csl'}),
    'the lists screen shows the CSL source');
  await shot(page, '07-lists');

  // --- a changed audit row shows as tampered ------------------------
  if (process.env.LICIT_TAMPER) {
    execSync(process.env.LICIT_TAMPER, {stdio: 'inherit'});
    await nav(page, 'Audit log').click();
    await visible(page.getByRole('alert').filter({hasText: 'Audit log tampered at entry #1'}),
      'a row changed in the database shows as tampered at entry #1');
    await shot(page, '08-audit-tampered');
  }
  await page.getByRole('button', {name: 'Sign out'}).click();
  await visible(page.getByRole('heading', {name: 'Sign in', level: 1}), 'signed out: back to sign in');
  check(await page.evaluate(() => sessionStorage.length) === 0, 'the key is gone from the tab');

  if (screenerKey) await screenerRefused(page);
}

// A link of the main navigation.
function nav(page, name) {
  return page.getByRole('navigation', {name: 'Main'}).getByRole('link', {name, exact: true});
}

// A screener key may screen and see the queue, but not read the audit
// log or decide: the UI says so.
async function screenerRefused(page) {
  await page.getByLabel('API key').fill(screenerKey);
  await page.getByRole('button', {name: 'Sign in'}).click();
  await visible(page.getByRole('heading', {name: 'Screen a party', level: 1}), 'a screener key signs in');
  await nav(page, 'Audit log').click();
  await visible(page.getByRole('alert').filter({hasText: /role/}), 'a screener is told the audit log needs another role');
  await nav(page, 'Review queue').click();
  const open = page.getByRole('table', {name: /open alert/}).getByRole('link', {name: /^Alert \d+$/});
  if (await visible(open, 'a screener sees the open queue')) {
    await open.first().click();
    await page.getByLabel('Reason').fill('a screener tries to decide');
    await page.getByRole('button', {name: 'True match'}).click();
    await visible(page.getByRole('alert').filter({hasText: /role/}), 'a screener may not decide: the form says the role is too low');
  }
  await page.getByRole('button', {name: 'Sign out'}).click();
}

// The static files' headers and what is refused, without the page.
async function staticFiles(ctx) {
  const r = await ctx.request.get(url + '/');
  const hd = r.headers();
  check(r.status() === 200 && /^text\/html/.test(hd['content-type']), 'GET / is the HTML page', `${r.status()} ${hd['content-type']}`);
  check(/script-src 'self'/.test(hd['content-security-policy'] || '') && !/unsafe-inline/.test(hd['content-security-policy']),
    'a strict Content-Security-Policy', hd['content-security-policy']);
  check(hd['x-content-type-options'] === 'nosniff', 'nosniff');
  check(/no-cache/.test(hd['cache-control'] || ''), 'Cache-Control: no-cache', hd['cache-control']);
  const js = await ctx.request.get(url + '/ui/app.js');
  check(js.status() === 200 && /^text\/javascript/.test(js.headers()['content-type']), 'a module is text/javascript',
    `${js.status()} ${js.headers()['content-type']}`);
  for (const p of ['/ui/%2e%2e/CMakeLists.txt', '/ui/..%2fCMakeLists.txt', '/ui/nope.js', '/ui/app.js~', '/ui/.hidden.js']) {
    const x = await ctx.request.get(url + p);
    check(x.status() === 404, `GET ${p} is 404`, String(x.status()));
  }
}
