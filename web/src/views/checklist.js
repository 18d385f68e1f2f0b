// The Annex I checklist of a product (CRA essential requirements, part I and II) with the status
// of each requirement, its evidence (links where the evidence is a URL) and owner; the automatic
// hooks behind it; AI.P1.2a per release. /products/{product}/checklist?status= filters by status.
import { api, html, useData, enc, qs, Loading, Failure, Scroll, productPath, releaseApi, label, navigate } from '../lib.js';

const isUrl = (u) => /^https?:\/\//.test(u || '');

function Evidence({ e, product, release }) {
  const text = e.description || e.uri || e.kind;
  // Evidence in the release's bundle (bulwark-generated documents) links to the bundle.
  const link = isUrl(e.uri) ? e.uri : null;
  return html`<li>
    <span class="badge-kind">${e.kind}</span>
    ${link ? html`<a href=${link} rel="noreferrer noopener" target="_blank">${text}</a>` : html`<span>${text}</span>`}
    ${e.uri && !link && html` <code class="muted">${e.uri}</code>`}
    ${e.automatic && html` <span class="muted">(automatic)</span>`}
  </li>`;
}

export function Checklist({ product, query, me }) {
  const status = query.get('status') || '';
  const { data, error, loading } = useData(() => api(`/products/${enc(product)}/cra/checklist`), [product]);
  const cra = me.permissions.includes('cra-reporting') || me.permissions.includes('administer');
  const statuses = data ? [...new Set(data.items.map((i) => i.status))].sort() : [];
  const items = data ? data.items.filter((i) => !status || i.status === status) : [];
  const counts = data ? Object.fromEntries(statuses.map((s) => [s, data.items.filter((i) => i.status === s).length])) : {};
  return html`
    <nav aria-label="Breadcrumb" class="crumbs"><a href="/">Portfolio</a> › <a href=${productPath(product)}>${product}</a> › <span aria-current="page">Annex I checklist</span></nav>
    <h1 tabindex="-1">Annex I checklist: ${product}</h1>
    ${error ? html`<${Failure} error=${error} />` : loading && !data ? html`<${Loading} what="the checklist" />` : html`
      <p>${data.release ? `Release ${data.release}` : 'Every release of the product'}${data.risk_assessment ? `; approved risk assessment ${data.risk_assessment}` : '; no approved risk assessment'}.
        ${cra && data.release && html` <a href=${`${releaseApi(product, data.release)}/evidence-bundle`} download>Evidence bundle (zip) of ${data.release}</a>`}</p>
      <div class="filters">
        <label>Status <select name="status" value=${status} onChange=${(e) => navigate(`${location.pathname}${qs({ status: e.target.value })}`)}>
          <option value="">all (${data.items.length})</option>
          ${statuses.map((s) => html`<option value=${s}>${label(s)} (${counts[s]})</option>`)}
        </select></label>
      </div>
      <${Scroll} label="Annex I requirements">
        <table class="grid checklist">
          <thead><tr><th scope="col">Requirement</th><th scope="col">Part</th><th scope="col">Status</th><th scope="col">Evidence</th><th scope="col">Owner</th></tr></thead>
          <tbody>${items.map((i) => html`<tr id=${`req-${i.id}`}>
            <th scope="row"><span class="req-id">${i.id}</span> ${i.title}</th>
            <td>${i.part}</td>
            <td><span class=${`status status-${i.status}`}>${label(i.status)}</span>${!i.applicable && html`<div class="muted">not applicable${i.justification ? `: ${i.justification}` : ''}</div>`}</td>
            <td class="wrap">${i.evidence.length ? html`<ul class="plain">${i.evidence.map((e) => html`<${Evidence} e=${e} product=${product} release=${data.release} />`)}</ul>` : html`<span class="muted">none yet</span>`}</td>
            <td>${i.owner || '—'}</td>
          </tr>`)}
          ${items.length === 0 && html`<tr><td colspan="5">No requirement with this status.</td></tr>`}</tbody>
        </table>
      <//>
      ${data.hooks.length > 0 && html`<section aria-labelledby="hooks-title"><h2 id="hooks-title">Automatic checks</h2>
        <ul class="plain">${data.hooks.map((h) => html`<li><strong>${h.id}</strong> <span class=${`status status-${h.status}`}>${label(h.status)}</span> ${h.summary}
          ${h.problems && h.problems.length > 0 && html`<ul>${h.problems.map((p) => html`<li>${p}</li>`)}</ul>`}</li>`)}</ul></section>`}
      ${data.releases.length > 0 && html`<section aria-labelledby="rel-title"><h2 id="rel-title">No known exploitable vulnerabilities (AI.P1.2a) per release</h2>
        <${Scroll} label="AI.P1.2a per release"><table class="grid">
          <thead><tr><th scope="col">Release</th><th scope="col">Released</th><th scope="col">AI.P1.2a</th><th scope="col">Summary</th></tr></thead>
          <tbody>${data.releases.map((r) => html`<tr><th scope="row">${r.release}</th><td>${r.released_at || '—'}</td>
            <td><span class=${`status status-${r['AI.P1.2a']}`}>${label(r['AI.P1.2a'])}</span></td><td class="wrap">${r.summary}</td></tr>`)}</tbody>
        </table><//></section>`}`}`;
}
