// Administration (permission "administer"): users, teams, API keys (the new key shown once, with
// a copy button) and notification rules. Each section has its own URL (/admin/users,
// /admin/teams?edit=<team>, /admin/keys, /admin/notifications); the audit log is /admin/audit.
import { useState } from 'preact/hooks';
import { api, html, useData, qs, enc, fmtDate, Loading, Failure, Scroll, navigate } from '../lib.js';

export const ADMIN_SECTIONS = [
  ['/admin/users', 'Users'],
  ['/admin/teams', 'Teams'],
  ['/admin/keys', 'API keys'],
  ['/admin/notifications', 'Notification rules'],
  ['/admin/audit', 'Audit log'],
];
const PERMISSIONS = ['upload', 'view', 'triage', 'manage-products', 'cra-reporting', 'administer'];
const EVENTS = ['finding.new', 'finding.changed', 'finding.resolved', 'finding.kev', 'case.deadline', 'support.ending', 'sbom.failed'];

export function AdminNav({ current }) {
  return html`<nav aria-label="Administration" class="subnav"><ul>
    ${ADMIN_SECTIONS.map(([href, text]) => html`<li><a href=${href} aria-current=${href === current ? 'page' : undefined}>${text}</a></li>`)}
  </ul></nav>`;
}

// The message of a failed request, naming the field the server named.
const why = (e) => (e.problem && e.problem.field ? `${e.problem.field}: ${e.message.replace(new RegExp(`^${e.problem.field}: `), '')}` : e.message);

function Status({ msg }) {
  return html`<p role="status" class=${msg && msg.error ? 'error' : 'ok'}>${msg ? msg.text : ''}</p>`;
}

// A group of checkboxes; value: the chosen names.
function Checks({ legend, options, value, onChange, name }) {
  const toggle = (o) => onChange(value.includes(o) ? value.filter((x) => x !== o) : [...value, o]);
  return html`<fieldset class="multi"><legend>${legend}</legend>
    ${options.length === 0 && html`<span class="muted">none yet</span>`}
    ${options.map((o) => html`<label><input type="checkbox" name=${name} value=${o} checked=${value.includes(o)} onChange=${() => toggle(o)} />${o}</label>`)}
  </fieldset>`;
}

function AdminPage({ title, current, children }) {
  return html`
    <nav aria-label="Breadcrumb" class="crumbs"><a href="/admin/users">Administration</a> › <span aria-current="page">${title}</span></nav>
    <h1 tabindex="-1">${title}</h1>
    <${AdminNav} current=${current} />
    ${children}`;
}

// ---- users -----------------------------------------------------------------------------------
export function Users({ me }) {
  const { data, error, loading, reload } = useData(() => api('/admin/users'), []);
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [msg, setMsg] = useState(null);
  const create = async (e) => {
    e.preventDefault();
    try {
      await api('/admin/users', { method: 'POST', body: { name, password } });
      setMsg({ text: `User ${name} added.` });
      setName(''); setPassword('');
      reload();
    } catch (err) { setMsg({ error: true, text: why(err) }); }
  };
  const toggle = async (u) => {
    try {
      await api(`/admin/users/${enc(u.name)}/${u.disabled ? 'enable' : 'disable'}`, { method: 'POST', body: {} });
      setMsg({ text: `User ${u.name} ${u.disabled ? 'enabled' : 'disabled'}.` });
      reload();
    } catch (err) { setMsg({ error: true, text: why(err) }); }
  };
  const items = data ? data.items : [];
  return html`<${AdminPage} title="Users" current="/admin/users">
    ${error ? html`<${Failure} error=${error} />` : loading && !data ? html`<${Loading} what="the users" />` : html`
      <${Scroll} label="Users table">
        <table class="grid">
          <thead><tr><th scope="col">Name</th><th scope="col">Teams</th><th scope="col">Created</th><th scope="col">Status</th><th scope="col">Action</th></tr></thead>
          <tbody>${items.map((u) => html`<tr>
            <th scope="row">${u.name}</th><td>${u.teams.length ? u.teams.map((t, i) => html`${i ? ', ' : ''}<a href=${`/admin/teams${qs({ edit: t })}`}>${t}</a>`) : '—'}</td>
            <td>${fmtDate(u.created_at)}</td><td>${u.disabled ? html`<span class="status status-expired">disabled</span>` : 'active'}</td>
            <td>${me.actor === `user:${u.name}` ? html`<span class="muted">you</span>` : html`<button type="button" class="small" onClick=${() => toggle(u)}>${u.disabled ? 'Enable' : 'Disable'}<span class="sr-only"> ${u.name}</span></button>`}</td>
          </tr>`)}
          ${items.length === 0 && html`<tr><td colspan="5">No users yet.</td></tr>`}</tbody>
        </table>
      <//>`}
    <h2 id="add-user">Add a user</h2>
    <form class="stack" aria-labelledby="add-user" onSubmit=${create}>
      <label>Name <input name="name" required autocomplete="off" value=${name} onInput=${(e) => setName(e.target.value)} /></label>
      <label>Password (at least 12 characters) <input name="password" type="password" required minlength="12" autocomplete="new-password" value=${password} onInput=${(e) => setPassword(e.target.value)} /></label>
      <button type="submit">Add user</button>
    </form>
    <${Status} msg=${msg} />
  <//>`;
}

// ---- teams -----------------------------------------------------------------------------------
function TeamForm({ team, products, users, onSaved }) {
  const editing = !!team;
  const [name, setName] = useState(team ? team.name : '');
  const [perms, setPerms] = useState(team ? team.permissions : ['upload', 'view']);
  const [prods, setProds] = useState(team ? team.products : []);
  const [members, setMembers] = useState(team ? team.members : []);
  const [msg, setMsg] = useState(null);
  const save = async (e) => {
    e.preventDefault();
    try {
      const body = { permissions: perms, products: prods, members };
      if (editing) await api(`/admin/teams/${enc(team.name)}`, { method: 'PUT', body });
      else await api('/admin/teams', { method: 'POST', body: { name, ...body } });
      setMsg({ text: `Team ${name} saved.` });
      onSaved(name);
    } catch (err) { setMsg({ error: true, text: why(err) }); }
  };
  const id = editing ? 'edit-team' : 'add-team';
  return html`<section aria-labelledby=${id}>
    <h2 id=${id}>${editing ? `Edit team ${team.name}` : 'Add a team'}</h2>
    <form class="stack" onSubmit=${save}>
      ${!editing && html`<label>Name <input name="team" required autocomplete="off" value=${name} onInput=${(e) => setName(e.target.value)} /></label>`}
      <${Checks} legend="Permissions" name="permissions" options=${PERMISSIONS} value=${perms} onChange=${setPerms} />
      <${Checks} legend="Products" name="products" options=${products} value=${prods} onChange=${setProds} />
      <${Checks} legend="Members" name="members" options=${users} value=${members} onChange=${setMembers} />
      <div class="actions"><button type="submit">${editing ? 'Save team' : 'Add team'}</button>
        ${editing && html`<a class="button-secondary" href="/admin/teams">Cancel</a>`}</div>
    </form>
    <${Status} msg=${msg} />
  </section>`;
}

export function Teams({ query }) {
  const edit = query.get('edit') || '';
  const { data, error, loading, reload } = useData(async () => {
    const [teams, products, users] = await Promise.all([api('/admin/teams'), api('/products'), api('/admin/users')]);
    return { teams: teams.items, products: products.items.map((p) => p.name), users: users.items.map((u) => u.name) };
  }, []);
  const team = data && edit ? data.teams.find((t) => t.name === edit) : null;
  return html`<${AdminPage} title="Teams" current="/admin/teams">
    ${error ? html`<${Failure} error=${error} />` : loading && !data ? html`<${Loading} what="the teams" />` : html`
      <${Scroll} label="Teams table">
        <table class="grid">
          <thead><tr><th scope="col">Team</th><th scope="col">Permissions</th><th scope="col">Products</th><th scope="col">Members</th><th scope="col">Action</th></tr></thead>
          <tbody>${data.teams.map((t) => html`<tr class=${t.name === edit ? 'selected' : ''}>
            <th scope="row">${t.name}</th><td class="wrap">${t.permissions.join(', ')}</td>
            <td class="wrap">${t.products.join(', ') || '—'}</td><td class="wrap">${t.members.join(', ') || '—'}</td>
            <td><a class="small" href=${`/admin/teams${qs({ edit: t.name })}`}>Edit<span class="sr-only"> ${t.name}</span></a></td>
          </tr>`)}</tbody>
        </table>
      <//>
      ${edit && !team && html`<p class="error" role="alert">No team named ${edit}.</p>`}
      <${TeamForm} key=${edit || '+'} team=${team} products=${data.products} users=${data.users}
        onSaved=${(n) => { reload(); if (!team) navigate(`/admin/teams${qs({ edit: n })}`); }} />`}
  <//>`;
}

// ---- API keys --------------------------------------------------------------------------------
export function Keys() {
  const { data, error, loading, reload } = useData(async () => {
    const [keys, teams] = await Promise.all([api('/admin/api-keys'), api('/admin/teams')]);
    return { keys: keys.items, teams: teams.items.map((t) => t.name) };
  }, []);
  const [team, setTeam] = useState('');
  const [comment, setComment] = useState('');
  const [expires, setExpires] = useState('');
  const [created, setCreated] = useState(null);
  const [msg, setMsg] = useState(null);
  const create = async (e) => {
    e.preventDefault();
    try {
      const body = { team: team || (data && data.teams[0]) || '', comment };
      if (expires) body.expires_at = `${expires}T00:00:00Z`;
      const k = await api('/admin/api-keys', { method: 'POST', body });
      setCreated(k);
      setMsg(null);
      setComment('');
      reload();
    } catch (err) { setMsg({ error: true, text: why(err) }); }
  };
  const revoke = async (k) => {
    if (!window.confirm(`Revoke key ${k.public_id}? Clients using it stop working at once.`)) return;
    try {
      await api(`/admin/api-keys/${enc(k.public_id)}`, { method: 'DELETE' });
      setMsg({ text: `Key ${k.public_id} revoked.` });
      reload();
    } catch (err) { setMsg({ error: true, text: why(err) }); }
  };
  const copy = async () => {
    const field = document.getElementById('new-key');
    try { await navigator.clipboard.writeText(created.key); setMsg({ text: 'Key copied to the clipboard.' }); } catch (err) {
      field.select();
      setMsg({ text: 'Key selected: press Ctrl+C to copy it.' });
    }
  };
  return html`<${AdminPage} title="API keys" current="/admin/keys">
    ${error ? html`<${Failure} error=${error} />` : loading && !data ? html`<${Loading} what="the API keys" />` : html`
      <${Scroll} label="API keys table">
        <table class="grid">
          <thead><tr><th scope="col">Key</th><th scope="col">Team</th><th scope="col">Comment</th><th scope="col">Created</th><th scope="col">Expires</th><th scope="col">Last used</th><th scope="col">Status</th><th scope="col">Action</th></tr></thead>
          <tbody>${data.keys.map((k) => html`<tr>
            <th scope="row"><code>bwk_${k.public_id}_…</code></th><td>${k.team}</td><td class="wrap">${k.comment || '—'}</td>
            <td>${fmtDate(k.created_at)}</td><td>${k.expires_at ? fmtDate(k.expires_at) : 'never'}</td><td>${k.last_used_at ? fmtDate(k.last_used_at) : 'never'}</td>
            <td>${k.revoked ? html`<span class="status status-expired">revoked</span>` : 'active'}</td>
            <td>${!k.revoked && html`<button type="button" class="small" onClick=${() => revoke(k)}>Revoke<span class="sr-only"> key ${k.public_id}</span></button>`}</td>
          </tr>`)}
          ${data.keys.length === 0 && html`<tr><td colspan="8">No API keys yet.</td></tr>`}</tbody>
        </table>
      <//>
      ${created && html`<section class="secret" aria-labelledby="new-key-title">
        <h2 id="new-key-title">New key for team ${created.team}</h2>
        <p>This key is shown only now: copy it into the client's configuration (<code>X-Api-Key</code>).</p>
        <div class="actions"><label for="new-key" class="sr-only">New API key</label>
          <input id="new-key" class="key" readonly value=${created.key} onFocus=${(e) => e.target.select()} />
          <button type="button" onClick=${copy}>Copy key</button>
          <button type="button" class="link" onClick=${() => setCreated(null)}>Done, hide it</button></div>
      </section>`}
      <h2 id="add-key">Create a key</h2>
      <form class="stack" aria-labelledby="add-key" onSubmit=${create}>
        <label>Team <select name="team" value=${team || data.teams[0] || ''} onChange=${(e) => setTeam(e.target.value)}>
          ${data.teams.map((t) => html`<option value=${t}>${t}</option>`)}</select></label>
        <label>Comment <input name="comment" value=${comment} onInput=${(e) => setComment(e.target.value)} placeholder="what the key is for" /></label>
        <label>Expires (optional) <input name="expires" type="date" value=${expires} onInput=${(e) => setExpires(e.target.value)} /></label>
        <button type="submit">Create key</button>
      </form>`}
    <${Status} msg=${msg} />
  <//>`;
}

// ---- notification rules ------------------------------------------------------------------------
export function Notifications() {
  const { data, error, loading, reload } = useData(async () => {
    const [rules, products] = await Promise.all([api('/notification-rules'), api('/products')]);
    return { rules, products: products.items.map((p) => p.name) };
  }, []);
  const [form, setForm] = useState({ name: '', destination: 'webhook', url: '', email_to: '', secret: '', min_priority: '', events: [], products: [] });
  const [msg, setMsg] = useState(null);
  const set = (k) => (e) => setForm({ ...form, [k]: e.target.value });
  const create = async (e) => {
    e.preventDefault();
    const body = { name: form.name, destination: form.destination, url: form.url, events: form.events, products: form.products };
    if (form.destination === 'email') body.email_to = form.email_to;
    if (form.secret && form.destination === 'webhook') body.secret = form.secret;
    if (form.min_priority) body.min_priority = form.min_priority;
    try {
      await api('/notification-rules', { method: 'POST', body });
      setMsg({ text: `Rule ${form.name || form.destination} added.` });
      setForm({ ...form, name: '', url: '', email_to: '', secret: '' });
      reload();
    } catch (err) { setMsg({ error: true, text: why(err) }); }
  };
  const remove = async (r) => {
    if (!window.confirm(`Delete rule ${r.name || r.id}?`)) return;
    try { await api(`/notification-rules/${r.id}`, { method: 'DELETE' }); setMsg({ text: `Rule ${r.id} deleted.` }); reload(); } catch (err) { setMsg({ error: true, text: why(err) }); }
  };
  const test = async (r) => {
    try {
      const t = await api(`/notification-rules/${r.id}/test`, { method: 'POST', body: {} });
      setMsg(t.delivered ? { text: `Rule ${r.id}: test delivered (HTTP ${t.status}).` } : { error: true, text: `Rule ${r.id}: test not delivered: ${t.error || `HTTP ${t.status}`}` });
    } catch (err) { setMsg({ error: true, text: why(err) }); }
  };
  return html`<${AdminPage} title="Notification rules" current="/admin/notifications">
    ${error ? html`<${Failure} error=${error} />` : loading && !data ? html`<${Loading} what="the rules" />` : html`
      <${Scroll} label="Notification rules table">
        <table class="grid">
          <thead><tr><th scope="col">#</th><th scope="col">Name</th><th scope="col">Destination</th><th scope="col">Events</th><th scope="col">Products</th><th scope="col">Filter</th><th scope="col">Actions</th></tr></thead>
          <tbody>${data.rules.map((r) => html`<tr>
            <td>${r.id}</td><th scope="row">${r.name || '—'}</th>
            <td class="wrap">${r.destination}: ${r.destination === 'email' ? r.email_to : r.url}${r.secret_set ? ' (signed)' : ''}</td>
            <td class="wrap">${r.events.length ? r.events.join(', ') : 'every event'}</td><td class="wrap">${r.products.length ? r.products.join(', ') : 'every product'}</td>
            <td>${[r.min_priority && `≤ ${r.min_priority}`, r.min_severity && `≥ ${r.min_severity}`, r.mode === 'digest' && `digest at ${r.digest_hour}:00 UTC`].filter(Boolean).join(', ') || '—'}</td>
            <td><div class="actions"><button type="button" class="small" onClick=${() => test(r)}>Test<span class="sr-only"> rule ${r.id}</span></button>
              <button type="button" class="small" onClick=${() => remove(r)}>Delete<span class="sr-only"> rule ${r.id}</span></button></div></td>
          </tr>`)}
          ${data.rules.length === 0 && html`<tr><td colspan="7">No rules yet: nobody is notified.</td></tr>`}</tbody>
        </table>
      <//>
      <h2 id="add-rule">Add a rule</h2>
      <form class="stack" aria-labelledby="add-rule" onSubmit=${create}>
        <label>Name <input name="rule-name" value=${form.name} onInput=${set('name')} /></label>
        <label>Destination <select name="destination" value=${form.destination} onChange=${set('destination')}>
          ${['webhook', 'slack', 'teams', 'email'].map((d) => html`<option value=${d}>${d}</option>`)}</select></label>
        ${form.destination === 'email'
          ? html`<label>Send to <input name="email_to" type="email" required value=${form.email_to} onInput=${set('email_to')} /></label>
            <label>SMTP server URL <input name="smtp" required value=${form.url} onInput=${set('url')} placeholder="smtp://mail.example.com:587" /></label>`
          : html`<label>URL <input name="url" type="url" required value=${form.url} onInput=${set('url')} placeholder="https://hooks.example.com/bulwark" /></label>`}
        ${form.destination === 'webhook' && html`<label>Signing secret <input name="secret" type="password" autocomplete="off" value=${form.secret} onInput=${set('secret')} /></label>`}
        <label>Findings at priority <select name="min_priority" value=${form.min_priority} onChange=${set('min_priority')}>
          <option value="">any</option>${['P0', 'P1', 'P2', 'P3', 'P4'].map((p) => html`<option value=${p}>${p} or more urgent</option>`)}</select></label>
        <${Checks} legend="Events (none: every event)" name="events" options=${EVENTS} value=${form.events} onChange=${(v) => setForm({ ...form, events: v })} />
        <${Checks} legend="Products (none: every product)" name="rule-products" options=${data.products} value=${form.products} onChange=${(v) => setForm({ ...form, products: v })} />
        <button type="submit">Add rule</button>
      </form>`}
    <${Status} msg=${msg} />
  <//>`;
}
