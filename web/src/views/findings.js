// The findings audit: choose a product and release (in the URL), then the audit grid; "All
// releases" (scope=portfolio) lists every release of the product, "All products" every release in
// view (GET /findings).
import { useEffect } from 'preact/hooks';
import { api, html, useData, navigate, qs, enc, Loading, Failure } from '../lib.js';
import { FindingsGrid } from './grid.js';

const ALL = '*';

export function Findings({ query, me }) {
  const portfolio = query.get('scope') === 'portfolio';
  const product = query.get('product') || (portfolio ? '' : me.products[0] || '');
  const { data, error, loading } = useData(
    () => (product ? api(`/products/${enc(product)}/releases`) : Promise.resolve({ items: [] })), [product]);
  const releases = data ? (data.items || []).filter((r) => !r.archived) : [];
  const version = portfolio ? '' : query.get('release') || (releases.length ? releases[releases.length - 1].version : '');
  const rest = Object.fromEntries([...query.entries()].filter(([k]) => !['product', 'release', 'scope'].includes(k)));
  useEffect(() => {
    if (!portfolio && product && version && (query.get('product') !== product || query.get('release') !== version))
      navigate(`/findings${qs({ product, release: version, ...rest })}`, { replace: true });
  }, [product, version, portfolio]);
  const choose = (p, v) => {
    const all = p === ALL || v === ALL;
    navigate(`/findings${qs({ scope: all ? 'portfolio' : '', product: p === ALL ? '' : p, release: all ? '' : v, ...rest, page: '' })}`);
  };
  const keep = portfolio ? { scope: 'portfolio', product } : { product, release: version };
  return html`
    <h1 tabindex="-1">Findings</h1>
    <form class="scope" aria-label="Release" onSubmit=${(e) => e.preventDefault()}>
      <label>Product <select value=${product || ALL} onChange=${(e) => choose(e.target.value, portfolio ? ALL : '')}>
        <option value=${ALL}>All products</option>
        ${me.products.map((p) => html`<option value=${p}>${p}</option>`)}</select></label>
      <label>Release <select value=${portfolio ? ALL : version} onChange=${(e) => choose(product || ALL, e.target.value)}>
        <option value=${ALL}>All releases</option>
        ${releases.map((r) => html`<option value=${r.version}>${r.version}</option>`)}</select></label>
    </form>
    ${!portfolio && !product ? html`<p>No products visible to you yet.</p>`
      : portfolio ? html`<${FindingsGrid} product=${product} version="" query=${query} basePath="/findings" keep=${keep} me=${me} />`
      : error ? html`<${Failure} error=${error} />`
      : loading && !data ? html`<${Loading} what="releases" />`
      : !version ? html`<p>${product} has no releases yet.</p>`
      : html`<${FindingsGrid} product=${product} version=${version} query=${query} basePath="/findings"
          keep=${keep} me=${me} />`}`;
}
