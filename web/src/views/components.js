// A release's components: the SBOM quality score (BSI TR-03183-2 and NTIA, as `bulwark sbom
// check` scores it), search by name, version or purl (keyset pages of 100), and the dependency
// tree below a chosen component. Everything in the URL: ?q=&page=&ref=&depth=.
import { useEffect, useState } from 'preact/hooks';
import { api, html, useData, qs, Loading, Failure, Scroll, productPath, releasePath, releaseApi, navigate } from '../lib.js';

export const componentsPath = (p, v) => `${releasePath(p, v)}/components`;

export function Quality({ product, version, compact = false }) {
  const { data, error } = useData(() => api(`${releaseApi(product, version)}/sbom-quality`), [product, version]);
  if (error) return html`<${Failure} error=${error} />`;
  if (!data) return html`<${Loading} what="the SBOM quality score" />`;
  const gaps = (data.document || []).filter((d) => !d.pass && d.tier !== 'additional');
  const fields = (data.fields || []).filter((f) => f.tier !== 'additional' && f.have < f.total);
  return html`<section class="quality" aria-labelledby="quality-title">
    <h2 id="quality-title">SBOM quality</h2>
    <ul class="scores">${Object.entries(data.scores || {}).map(([profile, score]) => html`<li class=${score >= 80 ? 'good' : score >= 50 ? 'fair' : 'poor'}>
      <span class="score-value">${score}</span><span class="score-label">${profile === 'bsi' ? 'BSI TR-03183-2' : profile.toUpperCase()} score of 100</span></li>`)}</ul>
    ${!compact && html`
      ${gaps.length + fields.length === 0 ? html`<p class="ok">Every required field is present.</p>` : html`
      <details><summary>${gaps.length + fields.length} gap(s) and how to fix them</summary>
        <ul>${gaps.map((d) => html`<li><strong>${d.id}</strong> ${d.field}: ${d.detail}${d.fix ? html` — <em>${d.fix}</em>` : ''}</li>`)}
        ${fields.map((f) => html`<li><strong>${f.id}</strong> ${f.field}: ${f.have} of ${f.total} components${f.fix ? html` — <em>${f.fix}</em>` : ''}</li>`)}</ul>
      </details>`}`}
  </section>`;
}

function Node({ n, product, version, depth }) {
  const c = n;
  const link = `${componentsPath(product, version)}${qs({ ref: c.bom_ref, depth })}`;
  return html`<li>
    <a href=${link}>${c.name}${c.version ? `@${c.version}` : ''}</a>
    ${c.open_findings > 0 && html` <span class="badge prio-p1">${c.open_findings} open</span>`}
    ${n.repeated && html` <span class="muted">(shown above)</span>`}
    ${n.truncated && html` <span class="muted">(more below: <a href=${link}>open its tree</a>)</span>`}
    ${n.children && n.children.length > 0 && html`<ul>${n.children.map((k) => html`<${Node} n=${k} product=${product} version=${version} depth=${depth} />`)}</ul>`}
  </li>`;
}

function Tree({ product, version, ref, depth }) {
  const { data, error, loading } = useData(() => api(`${releaseApi(product, version)}/components/dependencies${qs({ ref, depth })}`), [product, version, ref, depth]);
  return html`<section class="deptree" aria-labelledby="tree-title">
    <h2 id="tree-title">Dependency tree of ${data ? `${data.name}${data.version ? `@${data.version}` : ''}` : ref}</h2>
    <div class="filters"><label>Depth <select name="depth" value=${String(depth)} onChange=${(e) => navigate(`${location.pathname}${qs({ ...Object.fromEntries(new URLSearchParams(location.search)), depth: e.target.value })}`)}>
      ${[1, 2, 3, 5, 8, 12].map((d) => html`<option value=${String(d)}>${d} level${d > 1 ? 's' : ''}</option>`)}</select></label>
      <a href=${`${componentsPath(product, version)}${qs({ q: new URLSearchParams(location.search).get('q') || '' })}`}>Close the tree</a></div>
    ${error ? html`<${Failure} error=${error} />` : loading && !data ? html`<${Loading} what="the dependency tree" />` : html`
      <ul class="tree">${(data.children || []).length ? data.children.map((k) => html`<${Node} n=${k} product=${product} version=${version} depth=${depth} />`) : html`<li class="muted">No dependencies listed in the SBOM.</li>`}</ul>`}
  </section>`;
}

export function Components({ product, version, query }) {
  const q = query.get('q') || '';
  const page = query.get('page') || '';
  const ref = query.get('ref') || '';
  const depth = Number(query.get('depth') || 3);
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);  // back, forward and Clear change the URL's query
  const { data, error, loading } = useData(() => api(`${releaseApi(product, version)}/components${qs({ q, page_token: page, limit: 100 })}`), [product, version, q, page]);
  const here = componentsPath(product, version);
  const search = (e) => { e.preventDefault(); navigate(`${here}${qs({ q: text.trim() })}`); };
  return html`
    <nav aria-label="Breadcrumb" class="crumbs"><a href="/">Portfolio</a> › <a href=${productPath(product)}>${product}</a> › <a href=${releasePath(product, version)}>${version}</a> › <span aria-current="page">Components</span></nav>
    <h1 tabindex="-1">Components of ${product} ${version}</h1>
    <${Quality} product=${product} version=${version} />
    ${ref && html`<${Tree} product=${product} version=${version} ref=${ref} depth=${depth} />`}
    <h2 id="components-title">Components</h2>
    <form class="inline-form" role="search" aria-label="Search components" onSubmit=${search}>
      <label>Name, version or purl <input name="q" type="search" value=${text} onInput=${(e) => setText(e.target.value)} /></label>
      <button type="submit">Search</button>
      ${q && html`<a href=${here}>Clear</a>`}
    </form>
    ${error ? html`<${Failure} error=${error} />` : loading && !data ? html`<${Loading} what="the components" />` : html`
      <p class="muted" role="status">${data.total.count} component(s)${q ? ` matching “${q}”` : ''}.</p>
      <${Scroll} label="Components table">
        <table class="grid components">
          <thead><tr><th scope="col">Component</th><th scope="col">Version</th><th scope="col">purl</th><th scope="col">Depends on</th><th scope="col">Used by</th><th scope="col">Open findings</th></tr></thead>
          <tbody>${data.items.map((c) => html`<tr class=${c.bom_ref === ref ? 'selected' : ''}>
            <th scope="row">${c.depends_on > 0 ? html`<a href=${`${here}${qs({ q, page, ref: c.bom_ref })}`} >${c.name}<span class="sr-only">: dependency tree</span></a>` : c.name}</th>
            <td>${c.version || '—'}</td><td class="wrap"><code>${c.purl || '—'}</code></td>
            <td>${c.depends_on}</td><td>${c.dependents}</td>
            <td>${c.open_findings ? html`<a href=${`${releasePath(product, version)}`}>${c.open_findings}</a>` : 0}</td>
          </tr>`)}
          ${data.items.length === 0 && html`<tr><td colspan="6">No component matches.</td></tr>`}</tbody>
        </table>
      <//>
      <nav class="pager" aria-label="Pages">
        ${page && html`<a href=${`${here}${qs({ q })}`}>First page</a>`}
        ${data.next_page_token && html`<a href=${`${here}${qs({ q, page: data.next_page_token })}`} rel="next">Next page</a>`}
      </nav>`}`;
}
