// The Article 14 case board: cases by stage with live countdowns to each deadline (overdue in
// red), confirm / close, and the report drafts and user notice to download.
import { useState } from 'preact/hooks';
import { api, html, useData, useNow, countdown, navigate, qs, enc, fmtDate, Loading, Failure, label, API } from '../lib.js';

const COLUMNS = [
  ['proposed', 'Awaiting confirmation'],
  ['early_warning', 'Early warning due'],
  ['notification', 'Notification due'],
  ['final_report', 'Final report due'],
  ['done', 'Closed or dismissed'],
];

// Which column a case is in: proposed; the first stage not yet submitted; or done.
function columnOf(c) {
  if (c.status === 'proposed') return 'proposed';
  if (c.status === 'dismissed' || c.status === 'closed') return 'done';
  const open = (c.clocks || []).find((k) => k.state !== 'submitted' && k.state !== 'submitted_late');
  return open ? open.stage : 'done';
}

function save(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function Clock({ k, now }) {
  if (!k.due) return html`<li><span class="stage">${label(k.stage)}</span> <span class="muted">clock not started</span></li>`;
  const done = k.state === 'submitted' || k.state === 'submitted_late';
  const c = countdown(k.due, now);
  return html`<li class=${done ? 'done' : c.overdue ? 'overdue' : k.state === 'due_soon' ? 'soon' : ''}>
    <span class="stage">${label(k.stage)}</span>
    ${done ? html` <span>${label(k.state)} ${fmtDate(k.submitted_at)}</span>`
      : html` <time class="countdown" datetime=${k.due} title=${`due ${fmtDate(k.due)}`}>${c.text}</time>`}
  </li>`;
}

function Card({ c, now, onChanged }) {
  const [msg, setMsg] = useState('');
  const act = async (action) => {
    try { await api(`/cra/cases/${enc(c.id)}/${action}`, { method: 'POST', body: {} }); onChanged(); } catch (e) { setMsg(e.message); }
  };
  const drafts = async () => {
    try {
      // The user notice needs the product's https website (CSAF publisher); without it, the
      // drafts alone, and the reason shown.
      let note = '';
      const d = await api(`/cra/cases/${enc(c.id)}/drafts${qs({ user_notice: 'true' })}`).catch((e) => {
        note = ` No user notice: ${e.message}`;
        return api(`/cra/cases/${enc(c.id)}/drafts`);
      });
      save(`${c.id}-drafts.json`, JSON.stringify(d, null, 2), 'application/json');
      for (const x of d.drafts) save(`${x.name}.md`, x.markdown, 'text/markdown');
      setMsg(`Downloaded ${d.drafts.length} drafts${d.user_notice ? ' and the user notice' : ''}.${note}`);
    } catch (e) { setMsg(e.message); }
  };
  const subject = c.kind === 'vulnerability' ? (c.vulnerabilities || []).join(', ') : c.incident;
  return html`<li class="card">
    <article aria-labelledby=${`case-${c.id}`}>
      <h3 id=${`case-${c.id}`}>${c.id}</h3>
      <p class="subject">${subject}</p>
      <p class="muted">${c.product}${c.releases && c.releases.length ? ` ${c.releases.join(', ')}` : ''} · ${label(c.kind)} · aware ${fmtDate(c.aware_at)}</p>
      <ul class="clocks" aria-label="Deadlines">${(c.clocks || []).map((k) => html`<${Clock} k=${k} now=${now} />`)}</ul>
      <div class="actions">
        ${c.status === 'proposed' && html`<button type="button" class="small" onClick=${() => act('confirm')}>Confirm</button>`}
        <button type="button" class="small" onClick=${drafts}>Download drafts</button>
        <a class="small" href=${`${API}/cra/cases/${enc(c.id)}`} download=${`${c.id}.json`}>Case record</a>
      </div>
      ${msg && html`<p role="status" class="muted">${msg}</p>`}
    </article>
  </li>`;
}

export function Cases({ query, me }) {
  const only = query.get('product') || '';
  const products = only ? [only] : me.products;
  const { data, error, loading, reload } = useData(async () => {
    const lists = await Promise.all(products.map((p) => api(`/products/${enc(p)}/cra/cases`)));
    return lists.flat();
  }, [products.join('\n')]);
  const now = useNow(1000);
  const cases = data || [];
  return html`
    <h1 tabindex="-1">Article 14 cases</h1>
    <form class="scope" aria-label="Product" onSubmit=${(e) => e.preventDefault()}>
      <label>Product <select value=${only} onChange=${(e) => navigate(`/cases${qs({ product: e.target.value })}`)}>
        <option value="">every product</option>
        ${me.products.map((p) => html`<option value=${p}>${p}</option>`)}</select></label>
    </form>
    ${error ? html`<${Failure} error=${error} />` : loading && !data ? html`<${Loading} what="cases" />` : html`
      <p class="muted">${cases.length} cases. Deadlines count down live; overdue ones are red.</p>
      <div class="board">
        ${COLUMNS.map(([key, title]) => {
          const col = cases.filter((c) => columnOf(c) === key);
          return html`<section class="column" aria-labelledby=${`col-${key}`}>
            <h2 id=${`col-${key}`}>${title} <span class="count">(${col.length})</span></h2>
            <ul class="cards">${col.map((c) => html`<${Card} key=${c.id} c=${c} now=${now} onChanged=${reload} />`)}</ul>
          </section>`;
        })}
      </div>`}`;
}
