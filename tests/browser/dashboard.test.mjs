// The web dashboard in a real browser (issue 12): Debian's chromium, headless, driven by npm
// playwright-core over `bulwark serve` on a fresh database seeded with the CLI the way the
// walk-throughs do (sample vulnerability data, product acme-gateway, release 3.2.0 with the sample
// SBOM, user alice in team psirt, a proposed Article 14 case for Log4Shell). Logs in, opens the
// portfolio, a release, bulk-triages two findings and finds the audit entries, watches the case
// board count down, confirms the case and downloads the evidence bundle. Every view: a screenshot
// in the output directory and axe-core with zero serious or critical violations.
//
//   node tests/browser/dashboard.test.mjs      (env: BULWARK_BIN, BULWARK_UI_OUT, CHROMIUM)
// Exits 77 (CTest: skipped) with a message when chromium or web/node_modules is missing.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.resolve(process.env.BULWARK_BIN || path.join(ROOT, 'build/bin/bulwark'));
const OUT = path.resolve(process.env.BULWARK_UI_OUT || path.join(ROOT, 'build/browser'));
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const WEB = path.join(ROOT, 'web');

function skip(why) {
  console.log(`dashboard browser test skipped: ${why}`);
  process.exit(77);
}
if (!fs.existsSync(CHROMIUM)) skip(`no browser at ${CHROMIUM} (Debian package chromium; make setup installs it)`);
if (!fs.existsSync(path.join(WEB, 'node_modules/playwright-core')) || !fs.existsSync(path.join(WEB, 'node_modules/axe-core')))
  skip('web/node_modules is missing (make setup runs npm ci in web/)');
if (!fs.existsSync(BIN)) skip(`no bulwark binary at ${BIN}`);

const require = createRequire(path.join(WEB, 'package.json'));
const { chromium } = require('playwright-core');
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const PASSWORD = 'correct horse battery staple';
fs.rmSync(OUT, { recursive: true, force: true });
fs.mkdirSync(OUT, { recursive: true });
const DB = path.join(OUT, 'bulwark.db');
const env = { ...process.env, BULWARK_DB: DB, UI_TEST_PASSWORD: PASSWORD };
delete env.BULWARK_NOW;
const cli = (...args) => execFileSync(BIN, args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

let server;
let base;
let browser;
let page;
const timings = {};

before(async () => {
  const sample = (p) => path.join(ROOT, 'data/sample', p);
  cli('db', 'import', sample('osv'), sample('feeds/kev-sample.json'), sample('feeds/epss-sample.csv'), sample('feeds/nvd-sample.json'));
  cli('product', 'add', 'acme-gateway', '--vendor', 'Acme Devices GmbH', '--class', 'important-1',
    '--contact', 'security@acme.example', '--website', 'https://acme.example', '--support-years', '5');
  cli('release', 'add', 'acme-gateway', '3.2.0', '--sbom', sample('sbom/sample-product.cdx.json'), '--released', '2026-03-02');
  cli('user', 'add', 'alice', '--password-env', 'UI_TEST_PASSWORD');
  cli('team', 'add', 'psirt', '--product', 'acme-gateway', '--permission', 'view', '--permission', 'triage',
    '--permission', 'cra-reporting', '--permission', 'upload', '--member', 'alice');
  cli('cra', 'case', 'propose');
  // A severe incident the team became aware of 30 hours ago: its early warning is overdue.
  const aware = new Date(Date.now() - 30 * 3600 * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  cli('cra', 'case', 'open', 'acme-gateway@3.2.0', '--incident', 'Credential stuffing against the gateway admin UI',
    '--aware-at', aware, '--severe-answers', 'yes,yes,no,yes', '--by', 'psirt');

  server = spawn(BIN, ['serve', '--listen', '127.0.0.1:0', '--workers', '1'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  base = await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 15000);
    server.stderr.on('data', (d) => {
      log += d;
      const m = /http:\/\/127\.0\.0\.1:(\d+)/.exec(log);
      if (m) { clearTimeout(t); resolve(`http://127.0.0.1:${m[1]}`); }
    });
    server.on('exit', (code) => reject(new Error(`server exited ${code}:\n${log}`)));
  });
  const index = await (await fetch(`${base}/`)).text();
  if (index.includes('UI not built')) {
    server.kill('SIGTERM');
    skip('this bulwark binary was built without web/node_modules (run make setup, then rebuild)');
  }
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  page = await context.newPage();
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') console.error(`console: ${m.text()}`); });
});

after(async () => {
  if (browser) await browser.close();
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((r) => server.on('exit', r));
  }
  fs.writeFileSync(path.join(OUT, 'timings.json'), `${JSON.stringify(timings, null, 2)}\n`);
  console.log(`dashboard timings (ms): ${JSON.stringify(timings)}; screenshots in ${OUT}`);
});

// A screenshot and the accessibility check of the view on screen.
async function check(name) {
  await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: true });
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.evaluate(AXE);
  const result = await page.evaluate(async () => window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const text = bad.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n    ')}`).join('\n');
  fs.writeFileSync(path.join(OUT, `${name}.axe.json`), JSON.stringify(result.violations, null, 2));
  assert.equal(bad.length, 0, `${name}: serious or critical accessibility violations:\n${text}`);
}

test('log in', async () => {
  const t0 = Date.now();
  await page.goto(`${base}/`);
  await page.waitForSelector('#login-name');
  timings.login_cold_cache_ms = Date.now() - t0;  // every asset fetched for the first time
  await check('01-login');
  await page.fill('#login-name', 'alice');
  await page.fill('#login-password', 'wrong password!!');
  await page.click('button[type=submit]');
  await page.waitForSelector('.error[role=alert]');
  await page.fill('#login-password', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForSelector('h1:text("Portfolio")');
});

test('portfolio overview', async () => {
  // First view rendered: navigation start to the totals on screen (reported, not asserted).
  const t0 = Date.now();
  await page.goto(`${base}/`);
  await page.waitForSelector('.kpis .kpi-value');
  timings.portfolio_first_view_ms = Date.now() - t0;
  timings.portfolio_navigation_to_content_ms = await page.evaluate(() => Math.round(performance.now()));
  await page.waitForSelector('.chart canvas');
  const open = await page.textContent('.kpis li:first-child .kpi-value');
  assert.ok(Number(open) > 0, `open findings shown: ${open}`);
  assert.match(await page.textContent('main'), /acme-gateway/);
  assert.match(await page.textContent('.next-deadline'), /left|overdue/);
  await check('02-portfolio');
  // Keyboard: the first Tab reaches "Skip to content", which moves focus into the main region.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to content');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.closest('main') !== null), true);
  await page.setViewportSize({ width: 390, height: 844 });
  await check('02-portfolio-narrow');
  await page.setViewportSize({ width: 1280, height: 900 });
});

test('product and release pages', async () => {
  await page.click('a:text-is("acme-gateway")');
  await page.waitForSelector('h1:text("acme-gateway")');
  await page.waitForSelector('a:text-is("3.2.0")');
  await check('03-product');
  await page.click('a:text-is("3.2.0")');
  await page.waitForSelector('table.findings tbody tr');
  assert.equal(new URL(page.url()).pathname, '/products/acme-gateway/releases/3.2.0');
  await check('04-release');
  await page.setViewportSize({ width: 390, height: 844 });
  await check('04-release-narrow');
  await page.setViewportSize({ width: 1280, height: 900 });
});

test('filters live in the URL; explain panel', async () => {
  await page.check('input[name=priority][value=P1]');
  await page.waitForURL(/priority=P1/);
  await page.waitForSelector('table.findings tbody tr');
  // The CSV export of the filtered list (the session cookie is enough for a GET).
  const csvHref = await page.getAttribute('a:text("Export CSV")', 'href');
  assert.match(csvHref, /priority=P1/);
  const csv = await page.request.get(`${base}${csvHref}`);
  assert.equal(csv.status(), 200);
  const lines = (await csv.text()).trim().split('\n');
  assert.match(lines[0], /^id,component,purl,vulnerability,severity,priority/);
  assert.ok(lines.length > 1 && lines.slice(1).every((l) => l.includes(',P1,')), 'only P1 rows');
  await page.uncheck('input[name=priority][value=P1]');
  await page.waitForURL((u) => !u.search.includes('priority'));
  await page.waitForSelector('table.findings tbody tr th');
  // By keyboard: focus the first row's Explain button, Enter opens the panel (focus moves into it).
  await page.focus('table.findings tbody tr:first-child button:text("Explain")');
  await page.keyboard.press('Enter');
  await page.waitForSelector('aside.explain dl');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'explain-title');
  assert.match(await page.textContent('aside.explain'), /Evidence/);
  await check('05-explain');
  await page.keyboard.press('Escape');
  await page.waitForSelector('aside.explain', { state: 'detached' });
});

test('bulk triage of two findings, then the audit entries', async () => {
  const rows = page.locator('table.findings tbody tr');
  const first = (await rows.nth(0).locator('th').textContent()).trim();
  const second = (await rows.nth(1).locator('th').textContent()).trim();
  await rows.nth(0).locator('input[type=checkbox]').check();
  await rows.nth(1).locator('input[type=checkbox]').check();
  await page.selectOption('select[name=state]', 'not_affected');
  await page.selectOption('select[name=justification]', 'vulnerable_code_not_in_execute_path');
  await page.fill('input[name=detail]', 'browser test: the affected code path is never called');
  await page.click('button:text("Apply to 2")');
  await page.waitForSelector('.triage p[role=status].ok');
  assert.match(await page.textContent('.triage p[role=status]'), /Recorded 2 of 2/);
  await check('06-triaged');
  await page.click('a:text("See the audit log")');
  await page.waitForSelector('h1:text("Audit log")');
  await page.waitForSelector('table tbody tr td');
  const audit = await page.textContent('main table');
  for (const v of [first, second]) assert.ok(audit.includes(`acme-gateway@3.2.0:${v}`), `audit entry for ${v}`);
  assert.match(audit, /triage\.record/);
  assert.match(audit, /user:alice/);
  await check('07-audit');
});

test('findings audit across a chosen release, state filter', async () => {
  await page.goto(`${base}/findings?state=not_affected`);
  await page.waitForURL(/product=acme-gateway/);
  await page.waitForSelector('table.findings tbody tr th');
  assert.equal(await page.locator('table.findings tbody tr').count(), 2);
  await check('08-findings');
});

test('findings across the portfolio: EPSS and time-in-triage filters, grouped by vulnerability', async () => {
  await page.goto(`${base}/findings?scope=portfolio`);
  await page.waitForSelector('table.findings tbody tr th');
  const apiCount = async (q) => page.evaluate(async (query) => {
    const r = await fetch(`/api/bulwark/v1/findings?limit=500${query}`, { headers: { Accept: 'application/json' } });
    return (await r.json()).total.count;
  }, q);
  const all = await apiCount('');
  assert.ok(all > 0, 'portfolio findings');
  assert.match(await page.textContent('.audit p[role=status]'), new RegExp(`^${all} findings match`));
  assert.match(await page.textContent('table.findings thead'), /Release/);
  assert.match(await page.textContent('table.findings tbody'), /acme-gateway 3\.2\.0/);
  // EPSS: the URL carries the filter and the grid shows what the API counts.
  await page.fill('#f-epss', '0.5');
  await page.press('#f-epss', 'Enter');
  await page.waitForURL(/epss=0\.5/);
  const high = await apiCount('&epss=0.5');
  assert.ok(high < all, `EPSS >= 0.5: ${high} of ${all}`);
  await page.waitForFunction((n) => document.querySelector('.audit p[role=status]')?.textContent.startsWith(`${n} findings match`), high);
  // Time in triage: everything was first seen when the test started, nothing is open a day.
  await page.fill('#f-open-days', '1');
  await page.press('#f-open-days', 'Enter');
  await page.waitForURL(/open_days=1/);
  await page.waitForSelector('td:text("No findings match these filters.")');
  // Group by vulnerability (EPSS still applied, time in triage cleared).
  await page.goto(`${base}/findings?scope=portfolio&epss=0.5`);
  await page.waitForSelector('table.findings tbody tr th');
  await page.check('input[name=group]');
  await page.waitForURL(/group=vulnerability/);
  await page.waitForSelector('table.groups tbody tr th');
  const groups = await page.locator('table.groups tbody tr').count();
  assert.ok(groups > 0 && groups <= high, `${groups} vulnerabilities for ${high} findings`);
  assert.equal((await page.locator('table.groups tbody tr').first().locator('td').nth(1).textContent()).trim(), '1');
  await check('08b-findings-portfolio-grouped');
});

test('the case board counts down', async () => {
  await page.click('nav[aria-label=Main] a:text("Article 14 cases")');
  await page.waitForSelector('.card time.countdown');
  const a = await page.textContent('.card time.countdown');
  assert.match(a, /\d\d:\d\d:\d\d left/);
  await page.waitForFunction((prev) => document.querySelector('.card time.countdown').textContent !== prev, a, { timeout: 5000 });
  // The incident's early warning (due 24 h after awareness, 30 h ago) is overdue, shown in red.
  const late = page.locator('.clocks li.overdue time.countdown').first();
  assert.match(await late.textContent(), /^overdue by /);
  assert.equal(await late.evaluate((el) => getComputedStyle(el.closest('li')).color), 'rgb(161, 23, 14)');
  await check('09-cases');
  await page.setViewportSize({ width: 390, height: 844 });
  await check('09-cases-narrow');
  await page.setViewportSize({ width: 1280, height: 900 });
  // Confirming through the UI (an unsafe request: the session's CSRF token is sent).
  await page.locator('section[aria-labelledby=col-proposed] .card button:text("Confirm")').first().click();
  await page.waitForSelector('section[aria-labelledby=col-early_warning] .card');
  assert.equal(await page.locator('section[aria-labelledby=col-proposed] .card').count(), 1);
  await check('10-case-confirmed');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('section[aria-labelledby=col-early_warning] .card button:text("Download drafts")')]);
  assert.match(download.suggestedFilename(), /^CRA-\d{4}-\d{4}-drafts\.json$/);
  const drafts = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  assert.ok(drafts.drafts.length > 0 && drafts.user_notice, 'report drafts and the user notice');
});

test('download the evidence bundle', async () => {
  await page.goto(`${base}/products/acme-gateway/releases/3.2.0`);
  await page.waitForSelector('a:text("Evidence bundle (zip)")');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('a:text("Evidence bundle (zip)")')]);
  const file = path.join(OUT, 'evidence.zip');
  await download.saveAs(file);
  const head = fs.readFileSync(file).subarray(0, 4);
  assert.deepEqual([...head], [0x50, 0x4b, 0x03, 0x04], 'a zip archive');
  assert.match(download.suggestedFilename(), /^evidence-acme-gateway-3\.2\.0\.zip$/);
});

test('log out', async () => {
  await page.click('button:text("Log out")');
  await page.waitForSelector('#login-name');
  const r = await page.request.get(`${base}/api/bulwark/v1/auth/whoami`);
  assert.equal(r.status(), 401);
});
