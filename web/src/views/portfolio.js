// The portfolio overview: totals, open findings by priority, KEV, overdue fix-by dates, open
// Article 14 cases with the next deadline, the weekly trend and the mean time to fix.
import { api, html, useData, useNow, countdown, fmtDate, Loading, Failure, Scroll, PRIORITIES, Priority, productPath, qs, label } from '../lib.js';
import { Chart } from './chart.js';

export function Deadline({ d, now }) {
  if (!d) return html`<span class="muted">none</span>`;
  const c = countdown(d.due, now);
  return html`<span class=${c.overdue ? 'overdue' : ''}>
    <a href=${`/cases${qs({ product: d.product })}`}>${d.case}</a> ${label(d.stage)}: <time datetime=${d.due}>${c.text}</time></span>`;
}

function Kpi({ value, text, href, warn }) {
  const body = html`<span class="kpi-value">${value}</span><span class="kpi-text">${text}</span>`;
  return html`<li class=${`kpi${warn ? ' warn' : ''}`}>${href ? html`<a href=${href}>${body}</a>` : body}</li>`;
}

export function Portfolio() {
  const { data, error, loading } = useData(() => api('/dashboard/overview'), []);
  const now = useNow(1000);
  if (loading && !data) return html`<h1 tabindex="-1">Portfolio</h1><${Loading} what="the portfolio" />`;
  if (error) return html`<h1 tabindex="-1">Portfolio</h1><${Failure} error=${error} />`;
  const o = data;
  const f = o.findings;
  const weeks = o.trend.map((w) => w.week_start);
  return html`
    <h1 tabindex="-1">Portfolio</h1>
    <p class="muted">As of ${fmtDate(o.at)} · ${o.products} products, ${o.releases} releases</p>
    <ul class="kpis" aria-label="Totals">
      <${Kpi} value=${f.open} text="open findings" href="/findings" />
      <${Kpi} value=${f.kev} text="KEV-listed" href="/findings?kev=true" warn=${f.kev > 0} />
      <${Kpi} value=${f.overdue} text="past fix-by date" warn=${f.overdue > 0} />
      <${Kpi} value=${o.open_cases} text="open Article 14 cases" href="/cases" warn=${o.open_cases > 0} />
      <${Kpi} value=${o.mean_time_to_fix_days == null ? '—' : `${o.mean_time_to_fix_days.toFixed(1)} d`} text=${`mean time to fix (${o.resolved_findings} resolved)`} />
    </ul>
    ${o.next_deadline && html`<p class="next-deadline">Next Article 14 deadline: <${Deadline} d=${o.next_deadline} now=${now} /></p>`}
    <section aria-labelledby="by-priority">
      <h2 id="by-priority">Open findings by priority</h2>
      <ul class="prio-bars">
        ${PRIORITIES.map((p) => html`<li><a href=${`/findings${qs({ priority: p })}`}><${Priority} p=${p} /> <span class="count">${f.by_priority[p] || 0}</span></a>
          <span class="bar" aria-hidden="true" style=${{ width: `${f.open ? (100 * (f.by_priority[p] || 0)) / f.open : 0}%` }}></span></li>`)}
      </ul>
    </section>
    <section aria-labelledby="products-title">
      <h2 id="products-title">Products</h2>
      <${Scroll} label="Products table">
        <table class="grid">
          <thead><tr>
            <th scope="col">Product</th><th scope="col">Class</th><th scope="col">Releases</th><th scope="col">Open</th>
            ${PRIORITIES.map((p) => html`<th scope="col">${p}</th>`)}
            <th scope="col">KEV</th><th scope="col">Overdue</th><th scope="col">Cases</th><th scope="col">Next deadline</th>
          </tr></thead>
          <tbody>
            ${o.by_product.map((p) => html`<tr>
              <th scope="row"><a href=${productPath(p.name)}>${p.name}</a></th>
              <td>${p.cra_class}</td><td>${p.releases.length}</td><td>${p.findings.open}</td>
              ${PRIORITIES.map((k) => html`<td>${p.findings.by_priority[k] || 0}</td>`)}
              <td class=${p.findings.kev ? 'warn-text' : ''}>${p.findings.kev}</td>
              <td class=${p.findings.overdue ? 'warn-text' : ''}>${p.findings.overdue}</td>
              <td>${p.open_cases}</td>
              <td><${Deadline} d=${p.next_deadline} now=${now} /></td>
            </tr>`)}
            ${o.by_product.length === 0 && html`<tr><td colspan="13">No products yet: upload an SBOM through the API or the CLI.</td></tr>`}
          </tbody>
        </table>
      <//>
    </section>
    <section aria-labelledby="trend-title" class="charts">
      <h2 id="trend-title">Trend (${o.trend.length} weeks)</h2>
      <div class="chart-row">
        <${Chart} id="open-trend" title="Open findings at the end of each week" x=${weeks}
          series=${[{ label: 'Open', values: o.trend.map((w) => w.open), color: '#1d4f91' }]} />
        <${Chart} id="new-resolved" title="New and resolved findings per week" x=${weeks}
          series=${[{ label: 'New', values: o.trend.map((w) => w.new), color: '#b3261e', bars: true },
            { label: 'Resolved', values: o.trend.map((w) => w.resolved), color: '#1b6e3a', bars: true }]} />
      </div>
    </section>`;
}
