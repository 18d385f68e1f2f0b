// The support-period calendar (CRA Art. 13(8)): every visible release's support period, by the
// month it ends, with its status and the years left; ?product= narrows to one product.
import { api, html, useData, enc, qs, Loading, Failure, Scroll, productPath, releasePath, label, navigate, fmtDate } from '../lib.js';

export function Support({ query }) {
  const product = query.get('product') || '';
  const { data, error, loading } = useData(async () => {
    const list = await api('/products');
    const names = list.items.map((p) => p.name);
    const reports = await Promise.all(names.filter((n) => !product || n === product).map((n) => api(`/products/${enc(n)}/cra/support`)));
    const rows = reports.flatMap((r) => r.releases).sort((a, b) => (a.end < b.end ? -1 : a.end > b.end ? 1 : 0));
    return { names, rows, now: reports[0] ? reports[0].now : new Date().toISOString() };
  }, [product]);
  // Years grouped, months inside: a calendar of support endings.
  const years = {};
  if (data) for (const r of data.rows) (years[r.end.slice(0, 4)] ||= []).push(r);
  const span = data && data.rows.length ? [Date.parse(data.rows.reduce((m, r) => (r.start < m ? r.start : m), data.rows[0].start)), Date.parse(data.rows[data.rows.length - 1].end)] : null;
  const pct = (t) => (span ? Math.max(0, Math.min(100, (100 * (Date.parse(t) - span[0])) / (span[1] - span[0] || 1))) : 0);
  return html`
    <h1 tabindex="-1">Support periods</h1>
    ${error ? html`<${Failure} error=${error} />` : loading && !data ? html`<${Loading} what="the support periods" />` : html`
      <div class="filters">
        <label>Product <select name="product" value=${product} onChange=${(e) => navigate(`/support${qs({ product: e.target.value })}`)}>
          <option value="">every product</option>${data.names.map((n) => html`<option value=${n}>${n}</option>`)}</select></label>
      </div>
      ${data.rows.length === 0 ? html`<p>No releases yet.</p>` : Object.entries(years).map(([year, rows]) => html`
        <section aria-labelledby=${`y-${year}`} class="year">
          <h2 id=${`y-${year}`}>Support ending in ${year}</h2>
          <${Scroll} label=${`Support ending in ${year}`}>
            <table class="grid support">
              <thead><tr><th scope="col">Ends</th><th scope="col">Product</th><th scope="col">Release</th><th scope="col">Status</th><th scope="col">Period</th><th scope="col">Note</th></tr></thead>
              <tbody>${rows.map((r) => html`<tr>
                <td><time datetime=${r.end}>${r.end_month}</time></td>
                <td><a href=${productPath(r.product)}>${r.product}</a></td>
                <th scope="row"><a href=${releasePath(r.product, r.release)}>${r.release}</a></th>
                <td><span class=${`status status-${r.status}`}>${label(r.status)}</span></td>
                <td class="period-cell"><span class="sr-only">${fmtDate(r.start.slice(0, 10))} to ${fmtDate(r.end.slice(0, 10))}</span>
                  <span class="period" aria-hidden="true"><span class="bar" style=${{ left: `${pct(r.start)}%`, width: `${pct(r.end) - pct(r.start)}%` }}></span><span class="today" style=${{ left: `${pct(data.now)}%` }}></span></span></td>
                <td class="wrap">${r.shorter_than_five_years ? `under five years${r.rationale ? `: ${r.rationale}` : ''}` : ''}${r.warnings.length ? ` ${r.warnings.join('; ')}` : ''}</td>
              </tr>`)}</tbody>
            </table>
          <//>
        </section>`)}`}`;
}
