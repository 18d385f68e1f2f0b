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
const pageErrors = [];

before(async () => {
  const sample = (p) => path.join(ROOT, 'data/sample', p);
  cli('db', 'import', sample('osv'), sample('feeds/kev-sample.json'), sample('feeds/epss-sample.csv'), sample('feeds/nvd-sample.json'));
  cli('product', 'add', 'acme-gateway', '--vendor', 'Acme Devices GmbH', '--class', 'important-1',
    '--contact', 'security@acme.example', '--website', 'https://acme.example', '--support-years', '5');
  cli('release', 'add', 'acme-gateway', '3.2.0', '--sbom', sample('sbom/sample-product.cdx.json'), '--released', '2026-03-02');
  cli('user', 'add', 'alice', '--password-env', 'UI_TEST_PASSWORD');
  cli('team', 'add', 'psirt', '--product', 'acme-gateway', '--permission', 'view', '--permission', 'triage',
    '--permission', 'cra-reporting', '--permission', 'upload', '--member', 'alice');
  cli('user', 'add', 'erin', '--password-env', 'UI_TEST_PASSWORD');
  cli('team', 'add', 'admins', '--permission', 'administer', '--member', 'erin');
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
  page.on('pageerror', (e) => { pageErrors.push(e.message); console.error(`page error: ${e.message}`); });
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
  // An uncaught script error leaves a view half-rendered: no view may throw on the way here.
  assert.deepEqual(pageErrors.splice(0), [], `${name}: script errors in the page`);
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

// ---- the views for administrators (issue 12): logged in as erin (team admins, administer) ----

async function narrow(name) {
  await page.setViewportSize({ width: 390, height: 844 });
  await check(name);
  await page.setViewportSize({ width: 1280, height: 900 });
}

test('administration: users', async () => {
  await page.goto(`${base}/`);
  await page.fill('#login-name', 'erin');
  await page.fill('#login-password', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForSelector('h1:text("Portfolio")');
  await page.click('nav[aria-label=Main] a:text("Administration")');
  await page.waitForSelector('h1:text("Users")');
  assert.equal(new URL(page.url()).pathname, '/admin/users');
  await page.waitForSelector('table.grid tbody th:text-is("alice")');
  // By keyboard: name, Tab, password, Enter.
  await page.focus('input[name=name]');
  await page.keyboard.type('frank');
  await page.keyboard.press('Tab');
  await page.keyboard.type('short');
  await page.keyboard.press('Enter');  // refused in the browser (minlength) or by the server
  await page.fill('input[name=password]', PASSWORD);
  await page.keyboard.press('Enter');
  await page.waitForSelector('table.grid tbody th:text-is("frank")');
  await page.getByRole('button', { name: 'Disable frank' }).click();
  await page.waitForSelector('p[role=status]:text("User frank disabled.")');
  const login = await page.request.post(`${base}/api/bulwark/v1/auth/login`, { data: { name: 'frank', password: PASSWORD } });
  assert.equal(login.status(), 401, 'a disabled user cannot log in');
  await check('11-admin-users');
  await narrow('11-admin-users-narrow');
});

test('administration: teams', async () => {
  await page.click('nav[aria-label=Administration] a:text("Teams")');
  await page.waitForSelector('h1:text("Teams")');
  await page.click('a:text("Edit psirt")');
  await page.waitForURL(/\/admin\/teams\?edit=psirt$/);
  await page.waitForSelector('h2:text("Edit team psirt")');
  await page.check('input[name=members][value=frank]');
  await page.click('button:text("Save team")');
  await page.waitForSelector('p[role=status]:text("Team psirt saved.")');
  await page.waitForSelector('table.grid tbody tr.selected td:text("alice, frank")');
  await check('12-admin-teams');
});

test('administration: an API key shown once, then revoked', async () => {
  await page.goto(`${base}/admin/keys`);
  await page.waitForSelector('h1:text("API keys")');
  await page.selectOption('select[name=team]', 'psirt');
  await page.fill('input[name=comment]', 'browser test key');
  await page.click('button:text("Create key")');
  await page.waitForSelector('#new-key');
  const key = await page.inputValue('#new-key');
  assert.match(key, /^bwk_[a-z0-9]{8}_/);
  await page.click('button:text("Copy key")');
  await page.waitForSelector('p[role=status]:text-matches("copied|selected")');
  const use = await fetch(`${base}/api/bulwark/v1/products`, { headers: { 'X-Api-Key': key } });
  assert.equal(use.status, 200);
  await check('13-admin-keys');
  await narrow('13-admin-keys-narrow');
  // Reloaded, the key is no longer on the page: only its public id is listed.
  await page.reload();
  await page.waitForSelector('td:text("browser test key")');
  assert.equal(await page.locator('#new-key').count(), 0);
  assert.ok(!(await page.textContent('main')).includes(key.slice(-32)));
  const pid = key.split('_')[1];
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: `Revoke key ${pid}` }).click();
  await page.waitForSelector(`p[role=status]:text("Key ${pid} revoked.")`);
  const refused = await fetch(`${base}/api/bulwark/v1/products`, { headers: { 'X-Api-Key': key } });
  assert.equal(refused.status, 401);
});

test('administration: notification rules', async () => {
  await page.click('nav[aria-label=Administration] a:text("Notification rules")');
  await page.waitForSelector('h1:text("Notification rules")');
  await page.waitForSelector('td:text("No rules yet")');
  await page.fill('input[name=rule-name]', 'PSIRT hook');
  await page.fill('input[name=url]', 'https://hooks.example.com/bulwark');
  await page.check('input[name=events][value="finding.kev"]');
  await page.check('input[name=rule-products][value=acme-gateway]');
  await page.click('button:text("Add rule")');
  await page.waitForSelector('table.grid tbody th:text-is("PSIRT hook")');
  assert.match(await page.textContent('table.grid tbody'), /finding\.kev/);
  await check('14-admin-notifications');
  await narrow('14-admin-notifications-narrow');
  const audit = await (await page.request.get(`${base}/api/bulwark/v1/audit?limit=500`)).json();
  const actions = audit.items.map((e) => e.action);
  for (const a of ['user.add', 'user.disable', 'team.update', 'apikey.create', 'apikey.revoke', 'notify.rule.create'])
    assert.ok(actions.includes(a), `audit entry ${a}`);
});

test('vulnerability page: every release it affects, alias-aware', async () => {
  await page.click('nav[aria-label=Main] a:text("Vulnerabilities")');
  await page.waitForSelector('h1:text("Vulnerabilities")');
  // By keyboard: type the CVE, Enter; the OSV record is a GHSA whose alias it is.
  await page.focus('input[name=vulnerability]');
  await page.keyboard.type('CVE-2021-44228');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/vulnerabilities\/CVE-2021-44228$/);
  await page.waitForSelector('table.vuln-releases tbody tr');
  assert.match(await page.textContent('dl.facts'), /GHSA-jfh8-c2jp-5v3q/);
  const row = await page.textContent('table.vuln-releases tbody tr');
  assert.match(row, /acme-gateway/);
  assert.match(row, /3\.2\.0/);
  assert.match(row, /log4j-core/);
  await check('15-vulnerability');
  await narrow('15-vulnerability-narrow');
  // The alias links to the same page under the other id, with the same release.
  await page.click('dl.facts a:text("GHSA-jfh8-c2jp-5v3q")');
  await page.waitForURL(/\/vulnerabilities\/GHSA-jfh8-c2jp-5v3q$/);
  await page.waitForSelector('table.vuln-releases tbody tr th a:text("3.2.0")');
});

test('Annex I checklist with evidence, status filter in the URL', async () => {
  await page.goto(`${base}/products/acme-gateway`);
  await page.click('a:text("Annex I checklist")');
  await page.waitForURL(/\/products\/acme-gateway\/checklist$/);
  await page.waitForSelector('table.checklist tbody tr th .req-id');
  assert.match(await page.textContent('table.checklist'), /AI\.P1\.2a/);
  await check('16-checklist');
  const options = await page.locator('select[name=status] option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
  assert.ok(options.length > 0, 'statuses to filter by');
  await page.selectOption('select[name=status]', options[0]);
  await page.waitForURL(new RegExp(`status=${options[0]}`));
  const statuses = await page.locator('table.checklist tbody td .status').allTextContents();
  assert.ok(statuses.length > 0 && statuses.every((s) => s === options[0].replaceAll('_', ' ')), `only ${options[0]}: ${statuses}`);
  await narrow('16-checklist-narrow');
});

test('support-period calendar', async () => {
  await page.click('nav[aria-label=Main] a:text("Support periods")');
  await page.waitForSelector('table.support tbody tr');
  const row = await page.textContent('table.support tbody tr');
  assert.match(row, /acme-gateway/);
  assert.match(row, /3\.2\.0/);
  assert.match(await page.textContent('main h2'), /Support ending in 20\d\d/);
  await page.selectOption('select[name=product]', 'acme-gateway');
  await page.waitForURL(/\/support\?product=acme-gateway$/);
  await check('17-support');
  await narrow('17-support-narrow');
});

test('release components: SBOM quality, search, dependency tree', async () => {
  await page.goto(`${base}/products/acme-gateway/releases/3.2.0`);
  await page.waitForSelector('.quality .score-value');
  await page.click('a:text("Components, dependency tree and SBOM quality")');
  await page.waitForURL(/\/releases\/3\.2\.0\/components$/);
  await page.waitForSelector('table.components tbody tr');
  const scores = await page.locator('.scores .score-value').allTextContents();
  assert.ok(scores.length === 2 && scores.every((s) => Number(s) >= 0 && Number(s) <= 100), `scores ${scores}`);
  assert.equal(await page.locator('table.components tbody tr').count(), 17);  // nested components included
  // Search by keyboard: the query lands in the URL.
  await page.focus('input[name=q]');
  await page.keyboard.type('log4j');
  await page.keyboard.press('Enter');
  await page.waitForURL(/components\?q=log4j$/);
  await page.waitForFunction(() => document.querySelectorAll('table.components tbody tr').length === 2);
  await page.click('a:text("Clear")');
  await page.waitForFunction(() => document.querySelectorAll('table.components tbody tr').length === 17);
  assert.equal(await page.inputValue('input[name=q]'), '', 'the search box follows the URL');
  // express depends on lodash and minimist.
  await page.click('table.components a:text("express")');
  await page.waitForURL(/ref=npm-express/);
  await page.waitForSelector('ul.tree li a:text("lodash")');
  assert.match(await page.textContent('ul.tree'), /minimist/);
  await check('18-components');
  await narrow('18-components-narrow');
});
