// A product: its releases with support status and open findings, links to each release's
// findings, downloads and the product's Article 14 cases.
import { api, html, useData, enc, fmtDate, Loading, Failure, Scroll, PRIORITIES, releasePath, qs, label } from '../lib.js';
import { RiskPolicy, riskPath } from './risk.js';

export function Product({ product, me }) {
  const { data, error, loading } = useData(async () => {
    const [p, overview, support] = await Promise.all([
      api(`/products/${enc(product)}`),
      api(`/dashboard/overview${qs({ product })}`),
      api(`/products/${enc(product)}/releases`),
    ]);
    return { p, overview, support };
  }, [product]);
  if (loading && !data) return html`<h1 tabindex="-1">${product}</h1><${Loading} what="the product" />`;
  if (error) return html`<h1 tabindex="-1">${product}</h1><${Failure} error=${error} />`;
  const { p, overview, support } = data;
  const po = overview.by_product[0];
  const status = Object.fromEntries((support.items || []).map((r) => [r.version, r.support]));
  const cra = me.permissions.includes('cra-reporting') || me.permissions.includes('administer');
  return html`
    <nav aria-label="Breadcrumb" class="crumbs"><a href="/">Portfolio</a> › <span aria-current="page">${product}</span></nav>
    <h1 tabindex="-1">${product}</h1>
    <dl class="facts">
      <dt>Vendor</dt><dd>${p.vendor || '—'}</dd>
      <dt>CRA class</dt><dd>${p.cra_class}</dd>
      <dt>Support policy</dt><dd>${p.support_years} years</dd>
      <dt>Security contact</dt><dd>${p.security_contact || '—'}</dd>
      <dt>Open findings</dt><dd>${po.findings.open} (${po.findings.kev} KEV-listed, ${po.findings.overdue} past fix-by)</dd>
      ${cra && html`<dt>Article 14 cases</dt><dd><a href=${`/cases${qs({ product })}`}>${po.open_cases} open</a></dd>`}
    </dl>
    <ul class="downloads" aria-label="More about this product">
      <li><a href=${`/products/${enc(product)}/checklist`}>Annex I checklist</a></li>
      <li><a href=${`/support${qs({ product })}`}>Support periods</a></li>
    </ul>
    <section aria-labelledby="releases-title">
      <h2 id="releases-title">Releases</h2>
      <${Scroll} label="Releases table">
        <table class="grid">
          <thead><tr><th scope="col">Version</th><th scope="col">Released</th><th scope="col">Support until</th><th scope="col">Support status</th>
            <th scope="col">Components</th><th scope="col">Open</th>${PRIORITIES.map((k) => html`<th scope="col">${k}</th>`)}<th scope="col">KEV</th><th scope="col">Overdue</th><th scope="col">Risk assessment</th></tr></thead>
          <tbody>
            ${po.releases.map((r) => {
              const s = status[r.version];
              return html`<tr>
                <th scope="row"><a href=${releasePath(product, r.version)}>${r.version}</a></th>
                <td>${fmtDate(r.released_at)}</td>
                <td>${fmtDate(s ? s.end : r.support_end)}</td>
                <td>${s ? html`<span class=${`status status-${s.status}`}>${label(s.status)}</span>` : '—'}</td>
                <td>${r.components}</td><td>${r.findings.open}</td>
                ${PRIORITIES.map((k) => html`<td>${r.findings.by_priority[k] || 0}</td>`)}
                <td>${r.findings.kev}</td><td>${r.findings.overdue}</td>
                <td><a href=${riskPath(product, r.version)} aria-label=${`Risk assessment of ${r.version}`}>assessment</a></td>
              </tr>`;
            })}
          </tbody>
        </table>
      <//>
    </section>
    <${RiskPolicy} product=${product} me=${me} />`;
}
