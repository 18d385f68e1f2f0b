// The Article 14 case board: cases by stage with live countdowns to each deadline (overdue in
// red), confirm / close, and the report drafts and user notice to download.
import { useEffect, useRef, useState } from 'preact/hooks';
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

// Files made in the page (blob: URLs), each its own download link; revoked when the card goes.
function useFiles() {
  const [files, setFiles] = useState(null);
  useEffect(() => () => { if (files) for (const f of files) URL.revokeObjectURL(f.href); }, [files]);
  const make = (list) => setFiles(list.map(({ name, text, type, title }) => ({
    name, title, href: URL.createObjectURL(new Blob([text], { type })) })));
  return [files, make];
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
  const [files, setFiles] = useFiles();
  const filesRef = useRef(null);
  const drafts = async () => {
    try {
      // The user notice needs the product's https website (CSAF publisher); without it, the
      // drafts alone, and the reason shown.
      let note = '';
      const d = await api(`/cra/cases/${enc(c.id)}/drafts${qs({ user_notice: 'true' })}`).catch((e) => {
        note = ` No user notice: ${e.message}`;
        return api(`/cra/cases/${enc(c.id)}/drafts`);
      });
      const list = [{ name: `${c.id}-drafts.json`, title: 'Every draft and the user notice (JSON)', text: JSON.stringify(d, null, 2), type: 'application/json' }];
      for (const x of d.drafts) list.push({ name: `${x.name}.md`, title: `${x.title || label(x.stage)} (Markdown)`, text: x.markdown, type: 'text/markdown' });
      if (d.user_notice)
        list.push({ name: d.user_notice.name || `${c.id}-user-notice.csaf.json`, title: 'Article 14(8) user notice (CSAF)',
          text: JSON.stringify(d.user_notice.document, null, 2), type: 'application/json' });
      setFiles(list);
      setMsg(`${d.drafts.length} drafts${d.user_notice ? ' and the user notice' : ''} ready to download.${note}`);
      setTimeout(() => filesRef.current && filesRef.current.querySelector('a') && filesRef.current.querySelector('a').focus(), 0);
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
        <button type="button" class="small" onClick=${drafts} aria-label=${`Drafts and user notice of ${c.id}`}>Drafts and user notice</button>
        <a class="small" href=${`${API}/cra/cases/${enc(c.id)}`} download=${`${c.id}.json`}>Case record</a>
      </div>
      ${msg && html`<p role="status" class="muted">${msg}</p>`}
      ${files && html`<ul class="files" ref=${filesRef} aria-label=${`Downloads of ${c.id}`}>
        ${files.map((f) => html`<li><a href=${f.href} download=${f.name}>${f.title}</a></li>`)}</ul>`}
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
