// The findings audit grid of one release: filters in the URL, keyset paging over the findings
// endpoint, row selection and bulk triage (one request, one audit entry per finding), the explain
// panel and the CSV export of the filtered list.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, html, useData, navigate, qs, fmtDate, Loading, Failure, Scroll, Priority,
  PRIORITIES, SEVERITIES, STATES, JUSTIFICATIONS, label, releaseApi, enc } from '../lib.js';

const FILTERS = ['priority', 'severity', 'state', 'kev'];

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

function Triage({ product, version, selected, rows, onDone }) {
  const [state, setState] = useState('under_investigation');
  const [msg, setMsg] = useState(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    const items = rows.filter((r) => selected.has(r.id)).map((r) => ({
      finding: r.id, state, justification: state === 'not_affected' ? f.get('justification') : undefined,
      detail: f.get('detail'), if_match: r.etag,
    }));
    setBusy(true);
    try {
      const r = await api(`/products/${enc(product)}/releases/${enc(version)}/triage`, { method: 'POST', body: { items } });
      const failed = r.results.filter((x) => x.status !== 200);
      setMsg({ ok: !failed.length, text: `Recorded ${r.recorded} of ${items.length}${failed.length ? `; failed: ${failed.map((x) => x.detail).join('; ')}` : ''}.` });
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

export function FindingsGrid({ product, version, query, basePath, keep = {}, me }) {
  const filters = filtersOf(query);
  const page = query.get('page') || '';
  const limit = Number(query.get('limit') || 50);
  const apiQuery = qs({ ...filters, limit, page_token: page });
  const { data, error, loading, reload } = useData(
    () => api(`/products/${enc(product)}/releases/${enc(version)}/findings${apiQuery}`), [product, version, apiQuery]);
  const [selected, setSelected] = useState(new Set());
  const [explain, setExplain] = useState(null);
  useEffect(() => setSelected(new Set()), [apiQuery]);
  const go = (changes) => navigate(basePath + qs({ ...keep, ...filters, limit: limit === 50 ? '' : limit, ...changes }));
  const setFilter = (k, v) => go({ [k]: v, page: '' });
  const rows = data ? data.items : [];
  const toggle = (id) => { const s = new Set(selected); if (s.has(id)) s.delete(id); else s.add(id); setSelected(s); };
  const all = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const csv = `${releaseApi(product, version)}/findings${qs({ ...filters, format: 'csv' })}`;
  const canTriage = me.permissions.includes('triage') || me.permissions.includes('administer');
  return html`<div class="audit">
    <form class="filters" aria-label="Filters" onSubmit=${(e) => e.preventDefault()}>
      <${MultiSelect} name="priority" legend="Priority" options=${PRIORITIES} value=${filters.priority} onChange=${(v) => setFilter('priority', v)} />
      <${MultiSelect} name="severity" legend="Severity" options=${SEVERITIES} value=${filters.severity} onChange=${(v) => setFilter('severity', v)} />
      <${MultiSelect} name="state" legend="Analysis state" options=${STATES} value=${filters.state} onChange=${(v) => setFilter('state', v)} />
      <fieldset class="multi"><legend>KEV</legend>
        <label for="f-kev" class="sr-only">KEV listing</label>
        <select id="f-kev" value=${filters.kev} onChange=${(e) => setFilter('kev', e.target.value)}>
          <option value="">any</option><option value="true">KEV-listed</option><option value="false">not listed</option>
        </select>
      </fieldset>
      <p class="filter-actions"><a href=${basePath + qs(keep)}>Clear filters</a> · <a href=${basePath + qs({ ...keep, state: 'not_affected,false_positive' })}>Only suppressed</a> · <a href=${csv} download>Export CSV</a></p>
    </form>
    ${error ? html`<${Failure} error=${error} />` : loading && !data ? html`<${Loading} what="findings" />` : html`
      <p class="muted" role="status">${data.total.count} findings match${page ? ' (a later page)' : ''}; ${rows.length} shown.</p>
      ${canTriage && html`<${Triage} product=${product} version=${version} selected=${selected} rows=${rows} onDone=${() => { setSelected(new Set()); reload(); }} />`}
      <${Scroll} label="Findings table">
        <table class="grid findings">
          <thead><tr>
            ${canTriage && html`<th scope="col"><input type="checkbox" aria-label="Select every finding on this page" checked=${all}
              onChange=${() => setSelected(all ? new Set() : new Set(rows.map((r) => r.id)))} /></th>`}
            <th scope="col">Vulnerability</th><th scope="col">Component</th><th scope="col">Severity</th><th scope="col">Priority</th>
            <th scope="col">KEV</th><th scope="col">State</th><th scope="col">First seen</th><th scope="col"><span class="sr-only">Explain</span></th>
          </tr></thead>
          <tbody>
            ${rows.map((r) => html`<tr class=${selected.has(r.id) ? 'selected' : ''}>
              ${canTriage && html`<td><input type="checkbox" aria-label=${`Select ${r.vulnerability} on ${r.component}`} checked=${selected.has(r.id)} onChange=${() => toggle(r.id)} /></td>`}
              <th scope="row">${r.vulnerability}</th>
              <td class="wrap">${r.component}</td>
              <td><span class=${`sev sev-${(r.severity || '').toLowerCase()}`}>${(r.severity || '').toLowerCase()}</span></td>
              <td><${Priority} p=${r.priority} /></td>
              <td>${r.kev ? html`<span class="badge kev">KEV</span>` : ''}</td>
              <td>${label(r.state)}</td>
              <td>${fmtDate(r.first_seen).slice(0, 10)}</td>
              <td><button type="button" class="small" onClick=${() => setExplain(r.id)} aria-label=${`Explain ${r.vulnerability} on ${r.component}`}>Explain</button></td>
            </tr>`)}
            ${rows.length === 0 && html`<tr><td colspan="9">No findings match these filters.</td></tr>`}
          </tbody>
        </table>
      <//>
      <nav class="pager" aria-label="Pages">
        ${page && html`<a href=${basePath + qs({ ...keep, ...filters })}>First page</a>`}
        ${data.next_page_token && html`<a href=${basePath + qs({ ...keep, ...filters, page: data.next_page_token })} rel="next">Next page</a>`}
      </nav>`}
    ${explain && html`<${Explain} product=${product} version=${version} id=${explain} onClose=${() => setExplain(null)} />`}
  </div>`;
}
