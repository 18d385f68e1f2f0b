// The audit log (append-only): newest last, paged by sequence number in the URL.
import { api, html, useData, qs, fmtDate, Loading, Failure, Scroll } from '../lib.js';

export function Audit({ query }) {
  const after = query.get('after') || '';
  const { data, error, loading } = useData(() => api(`/audit${qs({ after, limit: 100 })}`), [after]);
  const items = data ? data.items : [];
  return html`
    <h1 tabindex="-1">Audit log</h1>
    ${error ? html`<${Failure} error=${error} />` : loading && !data ? html`<${Loading} what="the audit log" />` : html`
      <${Scroll} label="Audit log table">
        <table class="grid">
          <thead><tr><th scope="col">#</th><th scope="col">At</th><th scope="col">Actor</th><th scope="col">Action</th><th scope="col">Object</th><th scope="col">Change</th></tr></thead>
          <tbody>${items.map((e) => html`<tr>
            <td>${e.seq}</td><td>${fmtDate(e.at)}</td><td>${e.actor}</td><td>${e.action}</td><td class="wrap">${e.object}</td>
            <td class="wrap">${e.after && e.after.state ? `state ${e.before && e.before.state ? `${e.before.state} → ` : ''}${e.after.state}` : e.after && e.after.case ? `case ${e.after.case.status || ''}` : ''}</td>
          </tr>`)}
          ${items.length === 0 && html`<tr><td colspan="6">No entries${after ? ' after this point' : ''}.</td></tr>`}</tbody>
        </table>
      <//>
      <nav class="pager" aria-label="Pages">
        ${after && html`<a href="/admin/audit">First page</a>`}
        ${items.length === 100 && html`<a href=${`/admin/audit${qs({ after: data.next_after })}`} rel="next">Next page</a>`}
      </nav>`}`;
}
