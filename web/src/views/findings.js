// The findings audit: choose a product and release (in the URL), then the audit grid.
import { useEffect } from 'preact/hooks';
import { api, html, useData, navigate, qs, enc, Loading, Failure } from '../lib.js';
import { FindingsGrid } from './grid.js';

export function Findings({ query, me }) {
  const product = query.get('product') || me.products[0] || '';
  const { data, error, loading } = useData(
    () => (product ? api(`/products/${enc(product)}/releases`) : Promise.resolve({ items: [] })), [product]);
  const releases = data ? (data.items || []).filter((r) => !r.archived) : [];
  const version = query.get('release') || (releases.length ? releases[releases.length - 1].version : '');
  const rest = Object.fromEntries([...query.entries()].filter(([k]) => k !== 'product' && k !== 'release'));
  useEffect(() => {
    if (product && version && (query.get('product') !== product || query.get('release') !== version))
      navigate(`/findings${qs({ product, release: version, ...rest })}`, { replace: true });
  }, [product, version]);
  const choose = (p, v) => navigate(`/findings${qs({ product: p, release: v, ...rest, page: '' })}`);
  return html`
    <h1 tabindex="-1">Findings</h1>
    <form class="scope" aria-label="Release" onSubmit=${(e) => e.preventDefault()}>
      <label>Product <select value=${product} onChange=${(e) => choose(e.target.value, '')}>
        ${me.products.map((p) => html`<option value=${p}>${p}</option>`)}</select></label>
      <label>Release <select value=${version} onChange=${(e) => choose(product, e.target.value)}>
        ${releases.map((r) => html`<option value=${r.version}>${r.version}</option>`)}</select></label>
    </form>
    ${!product ? html`<p>No products visible to you yet.</p>`
      : error ? html`<${Failure} error=${error} />`
      : loading && !data ? html`<${Loading} what="releases" />`
      : !version ? html`<p>${product} has no releases yet.</p>`
      : html`<${FindingsGrid} product=${product} version=${version} query=${query} basePath="/findings"
          keep=${{ product, release: version }} me=${me} />`}`;
}
