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
  // The gateway's risk assessment for 3.2.0, authored by alice (the author a session names: user:alice;
  // team architects gives her manage-products, which the review steps demand): the Threat Dragon
  // model of the walk-through, then its context laid over it; both revisions are drafts.
  cli('team', 'add', 'architects', '--product', 'acme-gateway', '--permission', 'view', '--permission', 'manage-products', '--member', 'alice');
  // Run from the checkout with relative paths: each revision records the file it came from.
  const inRoot = (...args) => execFileSync(BIN, args, { env, cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  inRoot('risk', 'import', 'acme-gateway@3.2.0', 'examples/risk/acme-gateway.threat-dragon.json', '--by', 'user:alice');
  inRoot('risk', 'import', 'acme-gateway@3.2.0', 'examples/risk/acme-gateway-context.yaml', '--merge', '--by', 'user:alice');
  // A product risk policy with the default deadlines (the stored priorities stay as they are).
  const policy = path.join(OUT, 'policy.yaml');
  fs.writeFileSync(policy, 'deadlines: {P0: 7, P1: 14, P2: 30, P3: 90, P4: 180}\n');
  cli('risk', 'policy', 'acme-gateway', '--set', policy, '--by', 'user:alice');

  server = spawn(BIN, ['serve', '--listen', '127.0.0.1:0', '--workers', '1'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  base = await new Promise((resolve, reject) => {
    // Generous: an ASan binary of 800 MB on a machine shared with other builds can take seconds.
    const t = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 60000);
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
  // The same from the page's own clock (navigation start to the form on screen): without the
  // driver's round trips and the new browser context's first navigation.
  timings.login_cold_cache_in_page_ms = Math.round(await page.evaluate(() => performance.now()));
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
  timings.portfolio_first_view_in_page_ms = Math.round(await page.evaluate(() => performance.now()));
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
  // The product's risk policy in force (read-only here; erin edits it below).
  await page.waitForSelector('pre.policy-text');
  assert.match(await page.textContent('section.policy'), /Version 1 in force, set by user:alice/);
  assert.match(await page.textContent('pre.policy-text'), /P4: 180/);
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

test('each vulnerability in the grid links to its page, by keyboard', async () => {
  // The grouped table (on screen from the previous test): a link per vulnerability.
  const group = page.locator('table.groups tbody tr th a').first();
  const gid = (await group.textContent()).trim();
  assert.equal(await group.getAttribute('href'), `/vulnerabilities/${encodeURIComponent(gid)}`);
  await group.click();
  await page.waitForURL((u) => u.pathname === `/vulnerabilities/${encodeURIComponent(gid)}`);
  await page.waitForSelector('table.vuln-releases tbody tr th a:text-is("3.2.0")');
  // The findings table of the release: Tab to the first row's link, Enter.
  await page.goto(`${base}/products/acme-gateway/releases/3.2.0`);
  const link = page.locator('table.findings tbody tr th a').first();
  await link.waitFor();
  const id = (await link.textContent()).trim();
  const component = (await page.locator('table.findings tbody tr').first().locator('td.wrap').first().textContent()).trim();
  await page.focus('table.findings tbody tr:first-child input[type=checkbox]');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), id, 'Tab reaches the vulnerability link');
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => u.pathname === `/vulnerabilities/${encodeURIComponent(id)}`);
  // Wait for this vulnerability's answer: its release row, listing the finding's component.
  await page.waitForSelector('table.vuln-releases tbody tr th a:text-is("3.2.0")');
  const row = await page.textContent('table.vuln-releases tbody tr');
  assert.match(row, /acme-gateway/);
  assert.ok(row.includes(component), `the vulnerability page lists ${component}`);
  await page.goBack();
  await page.waitForURL((u) => u.pathname === '/products/acme-gateway/releases/3.2.0');
  await page.waitForSelector('table.findings tbody tr th a');
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
  // The report drafts and the Article 14(8) user notice: one download link each.
  const card = page.locator('section[aria-labelledby=col-early_warning] .card').first();
  await card.locator('button:text("Drafts and user notice")').click();
  await card.locator('ul.files a').first().waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.closest('ul.files') !== null), true, 'focus on the first download');
  const save = async (text) => {
    const [download] = await Promise.all([page.waitForEvent('download'), card.locator(`ul.files a:text("${text}")`).click()]);
    return { name: download.suggestedFilename(), body: fs.readFileSync(await download.path(), 'utf8') };
  };
  const all = await save('Every draft and the user notice (JSON)');
  assert.match(all.name, /^CRA-\d{4}-\d{4}-drafts\.json$/);
  const drafts = JSON.parse(all.body);
  assert.ok(drafts.drafts.length > 0 && drafts.user_notice, 'report drafts and the user notice');
  const first = await save(`${drafts.drafts[0].title} (Markdown)`);
  assert.equal(first.name, `${drafts.drafts[0].name}.md`);
  assert.equal(first.body, drafts.drafts[0].markdown);
  const notice = await save('Article 14(8) user notice (CSAF)');
  assert.match(notice.name, /^CRA-\d{4}-\d{4}-user-notice\.csaf\.json$/);
  const csaf = JSON.parse(notice.body);
  assert.equal(csaf.document && csaf.document.category, 'csaf_security_advisory', `a CSAF advisory: ${notice.body.slice(0, 200)}`);
  assert.deepEqual(csaf, drafts.user_notice.document);
  await check('10b-case-downloads');
});

test('download the evidence bundle', async () => {
  await page.goto(`${base}/products/acme-gateway/releases/3.2.0`);
  await page.waitForSelector('a:text("Evidence bundle (zip)")');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('a:text("Evidence bundle (zip)")')]);
  const file = path.join(OUT, 'evidence.zip');
  await download.saveAs(file);
  const head = fs.readFileSync(file).subarray(0, 4);
  assert.deepEqual([...head], [0x50, 0x4b, 0x03, 0x04], 'a zip archive');
  assert.match(download.suggestedFilename(), /^evidence-acme-gateway-3\.2\.0\.zip$/);  // VEX in each of its three formats.
  for (const [text, name, is] of [
    ['VEX (OpenVEX)', 'acme-gateway-3.2.0.openvex.json', (d) => String(d['@context']).includes('openvex')],
    ['VEX (CycloneDX)', 'acme-gateway-3.2.0.vex.cdx.json', (d) => d.bomFormat === 'CycloneDX' && Array.isArray(d.vulnerabilities)],
    ['CSAF VEX', 'acme-gateway-3.2.0.csaf.json', (d) => d.document && d.document.category === 'csaf_vex'],
  ]) {
    const [vex] = await Promise.all([page.waitForEvent('download'), page.click(`ul.downloads a:text-is("${text}")`)]);
    assert.equal(vex.suggestedFilename(), name);
    const doc = JSON.parse(fs.readFileSync(await vex.path(), 'utf8'));
    assert.ok(is(doc), `${text}: ${JSON.stringify(doc).slice(0, 200)}`);
  }
});

test('risk assessment of a release: the view, and the author is refused', async () => {
  await page.waitForSelector('.risk-line .risk-state');
  assert.match(await page.textContent('.risk-line'), /revision 2, draft/);
  await page.click('.risk-line a:text-is("Risk assessment")');
  await page.waitForURL((u) => u.pathname === '/products/acme-gateway/releases/3.2.0' && u.search === '?view=risk');
  await page.waitForSelector('table.risk-threats tbody tr');
  const facts = await page.textContent('dl.facts');
  assert.match(facts, /Revision2 \(the latest\)/);
  assert.match(facts, /Statedraft/);
  assert.match(facts, /Authoruser:alice/);
  const count = (t) => page.locator(`table.${t} tbody tr`).count();
  assert.ok((await count('risk-threats')) >= 12, 'threats');
  assert.ok((await count('risk-assets')) >= 6, 'assets');
  assert.ok((await count('risk-interfaces')) >= 4, 'interfaces');
  // Each threat with its risk and treatment; the accepted risk T9 names who accepted it.
  const threats = await page.textContent('table.risk-threats');
  assert.match(threats, /(low|medium|high|critical) \(\d+\)/);
  assert.match(threats, /Accepted by cto@acme\.example/);
  // The reachability statements: unreachable components with their rationale.
  const reach = await page.textContent('table.risk-unreachable');
  assert.match(reach, /minimist/);
  assert.match(reach, /Newtonsoft\.Json/);
  assert.match(reach, /never runs on the gateway/);
  assert.match(await page.textContent('table.risk-applicability'), /AI\.P1\.2g/);
  const history = await page.textContent('table.risk-history');
  assert.equal((history.match(/create/g) || []).length, 2, 'two revisions created');
  await check('19-risk');
  await narrow('19-risk-narrow');
  // The author may press the button; the API refuses (409) and the page says why.
  await page.fill('.review input[name=comment]', 'my own work looks fine');
  await page.click('.review button:text("Mark reviewed")');
  await page.waitForSelector('.review p[role=alert]');
  assert.match(await page.textContent('.review p[role=alert]'), /^Refused: .*the author \(user:alice\) cannot review their own assessment/);
  assert.match(await page.textContent('dl.facts'), /Statedraft/);
  await check('19b-risk-refused');
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
  // The filtered answer replaces the whole list; wait for it rather than read the old one.
  await page.waitForFunction((want) => {
    const got = [...document.querySelectorAll('table.checklist tbody td .status')].map((e) => e.textContent);
    return got.length > 0 && got.every((s) => s === want);
  }, options[0].replaceAll('_', ' '), { timeout: 10000 }).catch(() => {});
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
  // The quality score is its own request; it may land after the table.
  await page.waitForFunction(() => document.querySelectorAll('.scores .score-value').length === 2);
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

test('risk assessment: a second user reviews, returns, reviews again and approves', async () => {
  await page.goto(`${base}/products/acme-gateway/releases/3.2.0?view=risk`);
  await page.waitForSelector('.review button:text("Mark reviewed")');
  const state = (s) => page.waitForSelector(`dl.facts .risk-state:text-is("${s}")`);
  // By keyboard: the comment, then Tab to the button and Enter.
  await page.focus('.review input[name=comment]');
  await page.keyboard.type('threats and ratings checked');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await state('reviewed');
  assert.match(await page.textContent('.review p[role=status]'), /Revision 2 is now reviewed/);
  assert.match(await page.textContent('dl.facts'), /Revieweruser:erin/);
  // Returning needs the changes requested: refused without (400), the detail shown.
  await page.click('.review button:text("Return to draft")');
  await page.waitForSelector('.review p[role=alert]');
  assert.match(await page.textContent('.review p[role=alert]'), /reason/);
  await page.fill('.review input[name=comment]', 'rate T3 again');
  await page.click('.review button:text("Return to draft")');
  await state('draft');
  await page.fill('.review input[name=comment]', 'T3 re-rated');
  await page.click('.review button:text("Mark reviewed")');
  await state('reviewed');
  await page.fill('.review input[name=comment]', 'approved for 3.2.0');
  await page.click('.review button:text("Approve")');
  await state('approved');
  assert.match(await page.textContent('dl.facts'), /Approveruser:erin/);
  await page.waitForSelector('table.risk-history td:text-is("approve")');
  const steps = await page.locator('table.risk-history tbody tr td:nth-child(4)').allTextContents();
  assert.deepEqual(steps, ['create', 'create', 'review', 'return', 'review', 'approve']);
  await check('20-risk-approved');
  await narrow('20-risk-approved-narrow');
  // An earlier revision by its own URL, from the history.
  await page.click('table.risk-history a[aria-label="Show revision 1"]');
  await page.waitForURL(/\/releases\/3\.2\.0\?view=risk&revision=1$/);
  await page.waitForSelector('dl.facts dd:text("the latest is")');
  assert.match(await page.textContent('dl.facts'), /Revision1 \(the latest is revision 2\)/);
  // The release page now says so.
  await page.click('nav.crumbs a:text-is("3.2.0")');
  await page.waitForSelector('.risk-line .risk-state:text-is("approved")');
  assert.match(await page.textContent('.risk-line'), /approved by user:erin/);
});

test('risk policy: edited on the product page, a broken one refused', async () => {
  await page.goto(`${base}/products/acme-gateway`);
  await page.waitForSelector('pre.policy-text');
  await page.click('section.policy button:text("Edit the policy")');
  await page.fill('#policy-yaml', 'deadlines: {P0: 7, P1: 14, P2: 30, P3: 90, P4: nonsense}\n');
  await page.click('section.policy button:text("Save policy")');
  await page.waitForSelector('section.policy p[role=alert]');
  assert.match(await page.textContent('section.policy p[role=alert]'), /P4/);
  await page.fill('#policy-yaml', 'deadlines: {P0: 7, P1: 14, P2: 30, P3: 90, P4: 150}\n');
  await page.click('section.policy button:text("Save policy")');
  await page.waitForSelector('section.policy p[role=status]:text("Policy version 2 saved")');
  await page.waitForSelector('section.policy p:text("Version 2 in force, set by user:erin")');
  assert.match(await page.textContent('pre.policy-text'), /P4: 150/);
  await check('21-product-risk-policy');
  await narrow('21-product-risk-policy-narrow');
});
