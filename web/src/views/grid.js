// The findings audit grid of one release, or of every release in view (the portfolio grid:
// `version` empty, over GET /findings): filters in the URL (priority, severity, state, KEV, EPSS
// score and percentile, time in triage), keyset paging, grouping by vulnerability, row selection
// and bulk triage (one request per release, one audit entry per finding), the explain panel and
// the CSV export of the filtered list.
import { useEffect, useRef, useState } from 'preact/hooks';
import { API, api, html, useData, navigate, qs, fmtDate, Loading, Failure, Scroll, Priority,
  PRIORITIES, SEVERITIES, STATES, JUSTIFICATIONS, label, releaseApi, enc } from '../lib.js';
import { vulnPath } from './vulnerability.js';

const FILTERS = ['priority', 'severity', 'state', 'kev', 'epss', 'epss_percentile', 'open_days', 'group'];

function filtersOf(query) {
  const f = {};
  for (const k of FILTERS) f[k] = query.get(k) || '';
  return f;
}

function MultiSelect({ name, legend, options, value, onChange }) {
  const chosen = new Set(value ? value.split(',') : []);
  const toggle = (o) => {
    if (chosen.has(o)) chosen.delete(o); else chosen.add(o);
    onChange(options.filter((x) => chosen.has(x)).join(','));
  };
  return html`<fieldset class="multi"><legend>${legend}</legend>
    ${options.map((o) => html`<label><input type="checkbox" name=${name} value=${o} checked=${chosen.has(o)} onChange=${() => toggle(o)} /> ${label(o)}</label>`)}
  </fieldset>`;
}

function Explain({ product, version, id, onClose }) {
  const { data, error, loading } = useData(() => api(`/products/${enc(product)}/releases/${enc(version)}/findings/${id}`), [id]);
  const ref = useRef(null);
  useEffect(() => { if (ref.current) ref.current.focus(); }, [id]);
  useEffect(() => {
    const onKey = (e) => { if (e.key === 'Escape') onClose(); };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  return html`<aside class="explain" aria-labelledby="explain-title">
    <div class="explain-head">
      <h3 id="explain-title" tabindex="-1" ref=${ref}>${data ? `${data.vulnerability} on ${data.component}` : 'Explanation'}</h3>
      <button type="button" onClick=${onClose}>Close</button>
    </div>
    ${loading && !data ? html`<${Loading} what="the explanation" />` : error ? html`<${Failure} error=${error} />` : html`
      <p>${data.summary || ''}</p>
      <dl class="facts">
        <dt>Priority</dt><dd><${Priority} p=${data.priority} /> ${data.priority_reason || ''}</dd>
        <dt>Fix by</dt><dd>${fmtDate(data.fix_by)}</dd>
        <dt>CVSS</dt><dd>${data.cvss && data.cvss.score ? `${data.cvss.score} (${data.cvss.version}, ${data.cvss.source}) ${data.cvss.vector}` : '—'}</dd>
        <dt>EPSS</dt><dd>${data.epss ? `${(data.epss.score * 100).toFixed(2)} % (percentile ${(data.epss.percentile * 100).toFixed(0)}, ${data.epss.date})` : '—'}</dd>
        <dt>KEV</dt><dd>${data.kev_listing && data.kev_listing.listed ? `listed ${data.kev_listing.date_added}, due ${data.kev_listing.due_date}` : 'not listed'}</dd>
        <dt>Fixed in</dt><dd>${(data.fixed_versions || []).join(', ') || '—'}</dd>
        <dt>Matched by</dt><dd>${data.match_kind || '—'} (confidence ${data.confidence || '—'})</dd>
        <dt>Analysis</dt><dd>${label(data.state)}${data.analysis ? ` — ${label(data.analysis.justification)} ${data.analysis.detail} (${data.analysis.author}, ${fmtDate(data.analysis.timestamp)})` : ''}</dd>
      </dl>
      <h4>Evidence</h4>
      <${Scroll} label="Evidence table"><table class="grid">
        <thead><tr><th scope="col">Record</th><th scope="col">Ecosystem</th><th scope="col">Package</th><th scope="col">Identified by</th><th scope="col">Affected range</th></tr></thead>
        <tbody>${(data.evidence || []).map((e) => html`<tr><td>${e.record}</td><td>${e.ecosystem}</td><td>${e.package}</td><td>${e.matched_by}</td><td>${e.range}</td></tr>`)}</tbody>
      </table><//>`}
  </aside>`;
}

function Triage({ selected, rows, onDone }) {
  const [state, setState] = useState('under_investigation');
  const [msg, setMsg] = useState(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    // One request per release (a portfolio page may span several).
    const byRelease = new Map();
    for (const r of rows.filter((x) => selected.has(x.id))) {
      const key = `${r.product}\n${r.release}`;
      if (!byRelease.has(key)) byRelease.set(key, []);
      byRelease.get(key).push({
        finding: r.id, state, justification: state === 'not_affected' ? f.get('justification') : undefined,
        detail: f.get('detail'), if_match: r.etag,
      });
    }
    setBusy(true);
    try {
      let recorded = 0, total = 0;
      const failed = [];
      for (const [key, items] of byRelease) {
        const [product, version] = key.split('\n');
        const r = await api(`/products/${enc(product)}/releases/${enc(version)}/triage`, { method: 'POST', body: { items } });
        recorded += r.recorded;
        total += items.length;
        failed.push(...r.results.filter((x) => x.status !== 200));
      }
      setMsg({ ok: !failed.length, text: `Recorded ${recorded} of ${total}${failed.length ? `; failed: ${failed.map((x) => x.detail).join('; ')}` : ''}.` });
      onDone();
    } catch (err) {
      setMsg({ ok: false, text: err.message });
    } finally {
      setBusy(false);
    }
  };
  return html`<form class="triage" onSubmit=${submit} aria-labelledby="triage-title">
    <h3 id="triage-title">Triage ${selected.size} selected</h3>
    <div class="row">
      <label>State <select name="state" value=${state} onChange=${(e) => setState(e.target.value)}>
        ${STATES.filter((s) => s !== 'none').map((s) => html`<option value=${s}>${label(s)}</option>`)}
      </select></label>
      ${state === 'not_affected' && html`<label>Justification <select name="justification" required>
        ${JUSTIFICATIONS.map((s) => html`<option value=${s}>${label(s)}</option>`)}</select></label>`}
      <label class="grow">Detail <input name="detail" required placeholder="Why (kept in the audit log and the VEX)" /></label>
      <button type="submit" disabled=${busy || selected.size === 0}>Apply to ${selected.size}</button>
    </div>
    ${msg && html`<p role="status" class=${msg.ok ? 'ok' : 'error'}>${msg.text} ${msg.ok && html`<a href="/admin/audit">See the audit log</a>`}</p>`}
  </form>`;
}

function NumberFilter({ id, text, value, min, max, step, onChange }) {
  return html`<label class="num" for=${id}>${text}
    <input id=${id} type="number" inputmode="decimal" min=${min} max=${max} step=${step} value=${value}
      onChange=${(e) => onChange(e.target.value)} /></label>`;
}

function Groups({ rows, portfolio }) {
  return html`<${Scroll} label="Vulnerabilities table">
    <table class="grid groups">
      <thead><tr><th scope="col">Vulnerability</th><th scope="col">Findings</th><th scope="col">${portfolio ? 'Releases affected' : 'Releases'}</th>
        <th scope="col">Highest priority</th><th scope="col">Worst severity</th><th scope="col">KEV</th></tr></thead>
      <tbody>
        ${rows.map((g) => html`<tr>
          <th scope="row"><a href=${vulnPath(g.vulnerability)}>${g.vulnerability}</a></th><td>${g.findings}</td><td>${g.releases}</td>
          <td><${Priority} p=${g.priority} /></td>
          <td><span class=${`sev sev-${(g.severity || '').toLowerCase()}`}>${(g.severity || '').toLowerCase()}</span></td>
          <td>${g.kev ? html`<span class="badge kev">KEV</span>` : ''}</td>
        </tr>`)}
        ${rows.length === 0 && html`<tr><td colspan="6">No findings match these filters.</td></tr>`}
      </tbody>
    </table>
  <//>`;
}

export function FindingsGrid({ product, version, query, basePath, keep = {}, me }) {
  const portfolio = !version;  // every release in view (of `product` when named)
  const filters = filtersOf(query);
  const page = query.get('page') || '';
  const limit = Number(query.get('limit') || 50);
  const apiQuery = qs({ ...filters, limit, page_token: page });
  const listApi = portfolio ? `/findings${qs({ product })}` : `/products/${enc(product)}/releases/${enc(version)}/findings`;
  const withQuery = (path, q) => path + (path.includes('?') && q ? `&${q.slice(1)}` : q);
  const { data: loaded, loadedFor, error, loading, reload } = useData(() => api(withQuery(listApi, apiQuery)), [listApi, apiQuery]);
  // Grouped and ungrouped answers have different rows: never show one in the other's table.
  const groupOf = (q) => new URLSearchParams(q || '').get('group') || '';
  const data = loaded && loadedFor && groupOf(loadedFor[1]) === groupOf(apiQuery) ? loaded : null;
  const [selected, setSelected] = useState(new Set());
  const [explain, setExplain] = useState(null);
  useEffect(() => setSelected(new Set()), [apiQuery, listApi]);
  const go = (changes) => navigate(basePath + qs({ ...keep, ...filters, limit: limit === 50 ? '' : limit, ...changes }));
  const setFilter = (k, v) => go({ [k]: v, page: '' });
  const grouped = filters.group === 'vulnerability';
  const rows = data ? data.items.map((r) => ({ product, release: version, ...r })) : [];
  const toggle = (id) => { const s = new Set(selected); if (s.has(id)) s.delete(id); else s.add(id); setSelected(s); };
  const all = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const { group, ...csvFilters } = filters;
  const csv = withQuery(portfolio ? `${API}/findings${qs({ product })}` : `${releaseApi(product, version)}/findings`,
    qs({ ...csvFilters, format: 'csv' }));
  const canTriage = (me.permissions.includes('triage') || me.permissions.includes('administer')) && !grouped;
  const total = data && data.total ? `${data.total.type === 'AT_LEAST' ? 'at least ' : ''}${data.total.count} findings match` : `${rows.length} vulnerabilities shown`;
  return html`<div class="audit">
    <form class="filters" aria-label="Filters" onSubmit=${(e) => e.preventDefault()}>
      <${MultiSelect} name="priority" legend="Priority" options=${PRIORITIES} value=${filters.priority} onChange=${(v) => setFilter('priority', v)} />
      <${MultiSelect} name="severity" legend="Severity" options=${SEVERITIES} value=${filters.severity} onChange=${(v) => setFilter('severity', v)} />
      ${!grouped && html`<${MultiSelect} name="state" legend="Analysis state" options=${STATES} value=${filters.state} onChange=${(v) => setFilter('state', v)} />`}
      <fieldset class="multi"><legend>KEV</legend>
        <label for="f-kev" class="sr-only">KEV listing</label>
        <select id="f-kev" value=${filters.kev} onChange=${(e) => setFilter('kev', e.target.value)}>
          <option value="">any</option><option value="true">KEV-listed</option><option value="false">not listed</option>
        </select>
      </fieldset>
      <fieldset class="multi"><legend>EPSS at least</legend>
        <${NumberFilter} id="f-epss" text="Score (0–1)" value=${filters.epss} min="0" max="1" step="0.01" onChange=${(v) => setFilter('epss', v)} />
        <${NumberFilter} id="f-epss-pct" text="Percentile (0–1)" value=${filters.epss_percentile} min="0" max="1" step="0.01" onChange=${(v) => setFilter('epss_percentile', v)} />
      </fieldset>
      <fieldset class="multi"><legend>Time in triage</legend>
        <${NumberFilter} id="f-open-days" text="Open longer than (days)" value=${filters.open_days} min="0" max="36500" step="1" onChange=${(v) => setFilter('open_days', v)} />
      </fieldset>
      <fieldset class="multi"><legend>View</legend>
        <label><input type="checkbox" name="group" checked=${grouped}
          onChange=${() => go({ group: grouped ? '' : 'vulnerability', state: '', page: '' })} /> Group by vulnerability</label>
      </fieldset>
      <p class="filter-actions"><a href=${basePath + qs(keep)}>Clear filters</a> · <a href=${basePath + qs({ ...keep, state: 'not_affected,false_positive' })}>Only suppressed</a>${!grouped && html` · <a href=${csv} download>Export CSV</a>`}</p>
    </form>
    ${error ? html`<${Failure} error=${error} />` : !data ? html`<${Loading} what="findings" />` : html`
      <p class="muted" role="status">${total}${page ? ' (a later page)' : ''}; ${rows.length} shown.</p>
      ${canTriage && html`<${Triage} selected=${selected} rows=${rows} onDone=${() => { setSelected(new Set()); reload(); }} />`}
      ${grouped ? html`<${Groups} rows=${rows} portfolio=${portfolio} />` : html`<${Scroll} label="Findings table">
        <table class="grid findings">
          <thead><tr>
            ${canTriage && html`<th scope="col"><input type="checkbox" aria-label="Select every finding on this page" checked=${all}
              onChange=${() => setSelected(all ? new Set() : new Set(rows.map((r) => r.id)))} /></th>`}
            <th scope="col">Vulnerability</th>${portfolio && html`<th scope="col">Release</th>`}<th scope="col">Component</th><th scope="col">Severity</th><th scope="col">Priority</th>
            <th scope="col">KEV</th><th scope="col">State</th><th scope="col">First seen</th><th scope="col"><span class="sr-only">Explain</span></th>
          </tr></thead>
          <tbody>
            ${rows.map((r) => html`<tr class=${selected.has(r.id) ? 'selected' : ''}>
              ${canTriage && html`<td><input type="checkbox" aria-label=${`Select ${r.vulnerability} on ${r.component}`} checked=${selected.has(r.id)} onChange=${() => toggle(r.id)} /></td>`}
              <th scope="row"><a href=${vulnPath(r.vulnerability)}>${r.vulnerability}</a></th>
              ${portfolio && html`<td class="wrap">${r.product} ${r.release}</td>`}
              <td class="wrap">${r.component}</td>
              <td><span class=${`sev sev-${(r.severity || '').toLowerCase()}`}>${(r.severity || '').toLowerCase()}</span></td>
              <td><${Priority} p=${r.priority} /></td>
              <td>${r.kev ? html`<span class="badge kev">KEV</span>` : ''}</td>
              <td>${label(r.state)}</td>
              <td>${fmtDate(r.first_seen).slice(0, 10)}</td>
              <td><button type="button" class="small" onClick=${() => setExplain(r)} aria-label=${`Explain ${r.vulnerability} on ${r.component}`}>Explain</button></td>
            </tr>`)}
            ${rows.length === 0 && html`<tr><td colspan="10">No findings match these filters.</td></tr>`}
          </tbody>
        </table>
      <//>`}
      <nav class="pager" aria-label="Pages">
        ${page && html`<a href=${basePath + qs({ ...keep, ...filters })}>First page</a>`}
        ${data.next_page_token && html`<a href=${basePath + qs({ ...keep, ...filters, page: data.next_page_token })} rel="next">Next page</a>`}
      </nav>`}
    ${explain && html`<${Explain} product=${explain.product} version=${explain.release} id=${explain.id} onClose=${() => setExplain(null)} />`}
  </div>`;
}
