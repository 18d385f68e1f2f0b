// A release: its facts, the downloads (evidence bundle, VEX, CSAF, findings CSV) and its findings
// in the audit grid (filters in the URL).
import { api, html, useData, enc, fmtDate, Loading, Failure, releaseApi, productPath, label, ApiError } from '../lib.js';
import { FindingsGrid } from './grid.js';
import { Quality, componentsPath } from './components.js';
import { riskPath, RiskState } from './risk.js';

// The release's risk assessment in one line (its latest revision), linking the view.
function RiskLine({ product, version }) {
  const { data, error } = useData(() => api(`${releaseApi(product, version)}/risk`).catch((e) => {
    if (e instanceof ApiError && e.status === 404) return { none: true };
    throw e;
  }), [product, version]);
  const link = html`<a href=${riskPath(product, version)}>Risk assessment</a>`;
  if (error) return html`<p class="risk-line">${link}: <span class="error">${error.message}</span></p>`;
  if (!data) return html`<p class="risk-line">${link}</p>`;
  if (data.none) return html`<p class="risk-line">${link}: none yet</p>`;
  return html`<p class="risk-line">${link}: revision ${data.revision}, <${RiskState} s=${data.state} />${data.approver ? ` (approved by ${data.approver})` : ''}, ${(data.assessment.threats || []).length} threats</p>`;
}

export function Downloads({ product, version, me }) {
  const base = releaseApi(product, version);
  const cra = me.permissions.includes('cra-reporting') || me.permissions.includes('administer');
  return html`<ul class="downloads" aria-label="Downloads">
    ${cra && html`<li><a href=${`${base}/evidence-bundle`} download>Evidence bundle (zip)</a></li>`}
    <li><a href=${`${base}/vex?format=openvex`} download=${`${product}-${version}.openvex.json`}>VEX (OpenVEX)</a></li>
    <li><a href=${`${base}/vex?format=cyclonedx`} download=${`${product}-${version}.vex.cdx.json`}>VEX (CycloneDX)</a></li>
    <li><a href=${`${base}/vex?format=csaf`} download=${`${product}-${version}.csaf.json`}>CSAF VEX</a></li>
  </ul>`;
}

export function Release({ product, version, query, me }) {
  const { data, error, loading } = useData(async () => {
    const list = await api(`/products/${enc(product)}/releases`);
    const items = list.items || list;
    return items.find((r) => r.version === version) || null;
  }, [product, version]);
  const title = `${product} ${version}`;
  return html`
    <nav aria-label="Breadcrumb" class="crumbs"><a href="/">Portfolio</a> › <a href=${productPath(product)}>${product}</a> › <span aria-current="page">${version}</span></nav>
    <h1 tabindex="-1">${title}</h1>
    ${loading && !data ? html`<${Loading} what="the release" />` : error ? html`<${Failure} error=${error} />` : data && html`
      <dl class="facts">
        <dt>Released</dt><dd>${fmtDate(data.released_at)}</dd>
        <dt>Support until</dt><dd>${fmtDate(data.support ? data.support.end : data.support_end)}${data.support ? html` (<span class=${`status status-${data.support.status}`}>${label(data.support.status)}</span>)` : ''}</dd>
        <dt>SBOM</dt><dd>${data.sbom_name} (${data.sbom_format}), ${data.components} components</dd>
        <dt>Imported</dt><dd>${fmtDate(data.created_at)}</dd>
      </dl>`}
    <${Downloads} product=${product} version=${version} me=${me} />
    <p><a href=${componentsPath(product, version)}>Components, dependency tree and SBOM quality</a> · <a href=${`/products/${enc(product)}/checklist`}>Annex I checklist</a></p>
    <${RiskLine} product=${product} version=${version} />
    <${Quality} product=${product} version=${version} compact=${true} />
    <h2 id="findings-title">Findings</h2>
    <${FindingsGrid} product=${product} version=${version} query=${query} basePath=${location.pathname} me=${me} />`;
}
