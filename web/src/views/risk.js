// A release's cybersecurity risk assessment (Article 13(2)-(4), (7); docs/risk-assessment.md): the
// shown revision's review state with its author, reviewer and approver, the context, assets,
// interfaces, threats with their inherent and residual risk and their treatment (mitigations,
// accepted risks), the reachability statements, the derived Annex I Part I (2) applicability and
// the release's append-only history. Review, approve and return (four eyes: the API refuses the
// author with 409, whose detail is shown) for callers with manage-products.
// URL: /products/{product}/releases/{version}?view=risk&revision=N (the latest revision without it).
import { useState } from 'preact/hooks';
import { api, html, useData, enc, qs, fmtDate, Loading, Failure, Scroll, ApiError, productPath,
  releasePath, releaseApi, label } from '../lib.js';

export const riskPath = (p, v, revision) => `${releasePath(p, v)}${qs({ view: 'risk', revision })}`;

const STRIDE = { S: 'spoofing', T: 'tampering', R: 'repudiation', I: 'information disclosure',
  D: 'denial of service', E: 'elevation of privilege' };
const list = (xs) => (xs && xs.length ? xs.join(', ') : '—');

export function RiskState({ s }) {
  return html`<span class=${`risk-state risk-state-${s}`}>${s}</span>`;
}

function Level({ level, score }) {
  return html`<span class=${`risk risk-${level}`}>${level}</span> <span class="muted">(${score})</span>`;
}

// Likelihood × the highest impact, and the three impact dimensions kept apart.
function Rating({ r }) {
  if (!r) return '—';
  const i = r.impact || {};
  const [hs, b, ci] = [i.health_safety ?? 0, i.business ?? 0, i.critical_infrastructure ?? 0];
  return html`<span class="rating">likelihood ${r.likelihood} × impact ${Math.max(hs, b, ci)}</span>
    <span class="muted rating">health and safety ${hs}, business ${b}, critical infrastructure ${ci}</span>`;
}

function Context({ c }) {
  if (!c) return null;
  const many = (xs) => (xs && xs.length ? html`<ul class="plain">${xs.map((x) => html`<li>${x}</li>`)}</ul>` : '—');
  return html`<section aria-labelledby="risk-context">
    <h2 id="risk-context">Context</h2>
    <dl class="facts wide">
      <dt>Intended purpose</dt><dd>${c.intended_purpose || '—'}</dd>
      <dt>Foreseeable use</dt><dd>${many(c.foreseeable_use)}</dd>
      <dt>Foreseeable misuse</dt><dd>${many(c.foreseeable_misuse)}</dd>
      <dt>Operational environment</dt><dd>${c.operational_environment || '—'}</dd>
      <dt>Expected time in use</dt><dd>${c.expected_time_in_use || '—'}</dd>
      <dt>Assumptions</dt><dd>${many(c.assumptions)}</dd>
    </dl>
  </section>`;
}

function Assets({ assets }) {
  return html`<section aria-labelledby="risk-assets">
    <h2 id="risk-assets">Assets (${assets.length})</h2>
    <${Scroll} label="Assets table"><table class="grid risk-assets">
      <thead><tr><th scope="col">ID</th><th scope="col">Asset</th><th scope="col">Kind</th><th scope="col">Confidentiality</th>
        <th scope="col">Integrity</th><th scope="col">Availability</th><th scope="col">Description</th></tr></thead>
      <tbody>${assets.map((a) => html`<tr>
        <td>${a.id}</td><th scope="row">${a.name}</th><td>${a.kind || '—'}</td>
        ${['confidentiality', 'integrity', 'availability'].map((k) => html`<td><span class=${`need need-${a[k] || 'none'}`}>${a[k] || 'none'}</span></td>`)}
        <td class="text">${a.description || ''}</td>
      </tr>`)}
      ${assets.length === 0 && html`<tr><td colspan="7">No assets.</td></tr>`}</tbody>
    </table><//>
  </section>`;
}

function Interfaces({ interfaces, names }) {
  return html`<section aria-labelledby="risk-interfaces">
    <h2 id="risk-interfaces">Interfaces and entry points (${interfaces.length})</h2>
    <${Scroll} label="Interfaces table"><table class="grid risk-interfaces">
      <thead><tr><th scope="col">ID</th><th scope="col">Interface</th><th scope="col">Kind</th><th scope="col">Exposure</th>
        <th scope="col">Assets behind it</th><th scope="col">Components behind it</th></tr></thead>
      <tbody>${interfaces.map((i) => html`<tr>
        <td>${i.id}</td><th scope="row">${i.name}</th><td>${i.kind || '—'}</td><td>${i.exposure || '—'}</td>
        <td class="text">${list((i.assets || []).map((a) => names[a] || a))}</td>
        <td class="text">${list(i.components)}</td>
      </tr>`)}
      ${interfaces.length === 0 && html`<tr><td colspan="6">No interfaces.</td></tr>`}</tbody>
    </table><//>
  </section>`;
}

function Threats({ a, risks, names }) {
  const threats = a.threats || [];
  const mitigations = Object.fromEntries((a.mitigations || []).map((m) => [m.id, m]));
  const accepted = Object.fromEntries((a.accepted_risks || []).map((r) => [r.threat, r]));
  const riskOf = Object.fromEntries(risks.map((r) => [r.threat, r]));
  return html`<section aria-labelledby="risk-threats">
    <h2 id="risk-threats">Threats, risk and treatment (${threats.length})</h2>
    <p class="muted">Risk = likelihood (1–5) × the highest impact (0–5) on users' health and safety, businesses or critical infrastructure: low 1–4, medium 5–9, high 10–16, critical 17–25. Residual: after the mitigations.</p>
    <${Scroll} label="Threats table"><table class="grid risk-threats">
      <thead><tr><th scope="col">ID</th><th scope="col">Threat</th><th scope="col">STRIDE</th><th scope="col">Source</th>
        <th scope="col">Touches</th><th scope="col">Inherent risk</th><th scope="col">Residual risk</th><th scope="col">Treatment</th></tr></thead>
      <tbody>${threats.map((t) => {
        const r = riskOf[t.id] || {};
        const acc = accepted[t.id];
        return html`<tr>
          <td>${t.id}</td>
          <th scope="row" class="text">${t.title}${t.description ? html`<span class="muted detail">${t.description}</span>` : ''}</th>
          <td class="text">${list((t.stride || []).map((s) => STRIDE[s] || label(s)))}</td>
          <td class="text">${t.source || '—'}</td>
          <td class="text">${list([...(t.assets || []).map((x) => names[x] || x), ...(t.interfaces || []).map((x) => names[x] || x)])}</td>
          <td class="text risk-cell"><${Level} level=${r.inherent_level} score=${r.inherent_score} /><${Rating} r=${t.inherent} /></td>
          <td class="text risk-cell"><${Level} level=${r.residual_level} score=${r.residual_score} />${t.residual ? html`<${Rating} r=${t.residual} />` : html`<span class="muted rating">as inherent (no residual rating)</span>`}</td>
          <td class="text"><ul class="plain">
            ${(t.mitigations || []).map((id) => {
              const m = mitigations[id];
              return html`<li>${m ? html`<strong>${id}</strong> ${m.title} <span class="muted">(${m.status || 'planned'}${m.requirements && m.requirements.length ? `; ${m.requirements.join(', ')}` : ''})</span>` : id}</li>`;
            })}
            ${acc && html`<li class="accepted">Accepted by ${acc.accepted_by}${acc.accepted_at ? ` on ${fmtDate(acc.accepted_at)}` : ''}: ${acc.rationale}</li>`}
            ${!(t.mitigations || []).length && !acc && html`<li class="muted">none</li>`}
          </ul></td>
        </tr>`;
      })}
      ${threats.length === 0 && html`<tr><td colspan="8">No threats.</td></tr>`}</tbody>
    </table><//>
  </section>`;
}

const isUrl = (u) => /^https?:\/\//.test(u || '');

function Mitigations({ mitigations }) {
  return html`<section aria-labelledby="risk-mitigations">
    <h2 id="risk-mitigations">Mitigations (${mitigations.length})</h2>
    <${Scroll} label="Mitigations table"><table class="grid risk-mitigations">
      <thead><tr><th scope="col">ID</th><th scope="col">Mitigation</th><th scope="col">Annex I points</th><th scope="col">Status</th><th scope="col">Evidence</th></tr></thead>
      <tbody>${mitigations.map((m) => html`<tr>
        <td>${m.id}</td><th scope="row" class="text">${m.title}</th><td>${list(m.requirements)}</td><td>${m.status || 'planned'}</td>
        <td class="text">${(m.evidence || []).length ? html`<ul class="plain">${m.evidence.map((e) => html`<li>${e.kind ? `${e.kind}: ` : ''}${isUrl(e.uri) ? html`<a href=${e.uri} rel="noreferrer noopener" target="_blank">${e.description || e.uri}</a>` : `${e.description || ''} ${e.uri || ''}`}</li>`)}</ul>` : '—'}</td>
      </tr>`)}
      ${mitigations.length === 0 && html`<tr><td colspan="5">No mitigations.</td></tr>`}</tbody>
    </table><//>
  </section>`;
}

function Reachability({ r }) {
  const un = (r && r.unreachable) || [];
  return html`<section aria-labelledby="risk-reach">
    <h2 id="risk-reach">Reachability statements</h2>
    <p>${r && r.complete ? 'The interfaces list every reachable component: a component behind no interface is unreachable.' : 'The interfaces\u2019 component lists are not declared complete: only the components named below are stated unreachable.'}</p>
    ${un.length ? html`<${Scroll} label="Unreachable components table"><table class="grid risk-unreachable">
      <thead><tr><th scope="col">Unreachable component</th><th scope="col">Rationale</th></tr></thead>
      <tbody>${un.map((u) => html`<tr><th scope="row">${u.component}</th><td class="text">${u.rationale}</td></tr>`)}</tbody>
    </table><//>` : html`<p class="muted">No component is stated unreachable.</p>`}
  </section>`;
}

function Applicability({ items }) {
  return html`<section aria-labelledby="risk-applicability">
    <h2 id="risk-applicability">Annex I Part I (2) applicability</h2>
    <${Scroll} label="Applicability table"><table class="grid risk-applicability">
      <thead><tr><th scope="col">Point</th><th scope="col">Applies</th><th scope="col">Justification</th></tr></thead>
      <tbody>${items.map((d) => html`<tr>
        <th scope="row"><span class="req-id">${d.requirement}</span></th><td>${d.applicable ? 'yes' : html`<strong>no</strong>`}</td><td class="text">${d.justification}</td>
      </tr>`)}</tbody>
    </table><//>
  </section>`;
}

function History({ events, product, version, shown }) {
  return html`<section aria-labelledby="risk-history">
    <h2 id="risk-history">History of ${version}'s assessment</h2>
    <${Scroll} label="History table"><table class="grid risk-history">
      <thead><tr><th scope="col">When</th><th scope="col">Revision</th><th scope="col">Who</th><th scope="col">Step</th><th scope="col">Detail</th></tr></thead>
      <tbody>${events.map((e) => html`<tr class=${e.revision === shown ? 'selected' : ''}>
        <td>${fmtDate(e.at)}</td>
        <td>${e.revision === shown ? html`<span aria-current="true">${e.revision}</span>` : html`<a href=${riskPath(product, version, e.revision)} aria-label=${`Show revision ${e.revision}`}>${e.revision}</a>`}</td>
        <td>${e.actor}</td><td>${e.action}</td><td class="text">${e.detail}</td>
      </tr>`)}</tbody>
    </table><//>
  </section>`;
}

// The four-eyes steps the shown revision allows; the API decides who may take them.
function Review({ rev, product, version, busy, onDone }) {
  const [comment, setComment] = useState('');
  const [msg, setMsg] = useState(null);
  const [working, setWorking] = useState(false);
  const steps = rev.state === 'draft' ? [['review', 'Mark reviewed']]
    : rev.state === 'reviewed' ? [['approve', 'Approve'], ['return', 'Return to draft']] : [];
  const act = async (action) => {
    setWorking(true);
    setMsg(null);
    try {
      const body = action === 'return' ? { reason: comment } : { comment };
      const r = await api(`${releaseApi(product, version)}/risk/${action}${qs({ revision: rev.revision })}`, { method: 'POST', body });
      setComment('');
      setMsg({ ok: true, text: `Revision ${r.revision} is now ${r.state}.` });
      onDone();
    } catch (e) {
      const refused = e instanceof ApiError && e.status === 409;
      setMsg({ ok: false, text: `${refused ? 'Refused: ' : ''}${e.message}` });
    } finally {
      setWorking(false);
    }
  };
  const status = msg && html`<p role=${msg.ok ? 'status' : 'alert'} class=${msg.ok ? 'ok' : 'error'}>${msg.text}</p>`;
  if (!steps.length)
    return html`${status}<p class="muted">${rev.state === 'approved' ? 'Approved: a change is a new revision, reviewed and approved again.' : `This revision is ${rev.state}.`}</p>`;
  return html`<form class="review" aria-labelledby="review-title" onSubmit=${(e) => e.preventDefault()}>
    <h2 id="review-title">Review (four eyes)</h2>
    <p class="muted">The reviewer and the approver must not be the author (${rev.author}).</p>
    <div class="row">
      <label class="grow">${rev.state === 'reviewed' ? 'Comment, or the changes requested when returning' : 'Comment'}
        <input name="comment" value=${comment} onInput=${(e) => setComment(e.target.value)} /></label>
      ${steps.map(([action, text]) => html`<button type="button" disabled=${working || busy} onClick=${() => act(action)}>${text}</button>`)}
    </div>
    ${status}
  </form>`;
}

export function Risk({ product, version, query, me }) {
  const revision = query.get('revision') || '';
  const { data, loadedFor, error, loading, reload } = useData(async () => {
    const [rev, hist] = await Promise.all([
      api(`${releaseApi(product, version)}/risk${qs({ revision })}`).catch((e) => {
        if (e instanceof ApiError && e.status === 404 && !revision) return null;  // no assessment yet
        throw e;
      }),
      api(`/products/${enc(product)}/risk/history${qs({ release: version })}`),
    ]);
    return { rev, hist };
  }, [product, version, revision]);
  // Only the answer for the revision the URL names (never the previous one while the next loads).
  const current = data && loadedFor && loadedFor[2] === revision ? data : null;
  const canReview = me.permissions.includes('manage-products') || me.permissions.includes('administer');
  const crumbs = html`<nav aria-label="Breadcrumb" class="crumbs"><a href="/">Portfolio</a> › <a href=${productPath(product)}>${product}</a> › <a href=${releasePath(product, version)}>${version}</a> › <span aria-current="page">Risk assessment</span></nav>
    <h1 tabindex="-1">Risk assessment of ${product} ${version}</h1>`;
  if (error) return html`${crumbs}<${Failure} error=${error} />`;
  if (!current) return html`${crumbs}<${Loading} what="the risk assessment" />`;
  const { rev, hist } = current;
  if (!rev)
    return html`${crumbs}<p>This release has no risk assessment yet. Import one with <code>bulwark risk import ${product}@${version} FILE</code>
      (Bulwark JSON/YAML, Threat Dragon, OTM, TM-BOM or CycloneDX) or <code>POST ${releaseApi(product, version)}/risk</code>.</p>`;
  const a = rev.assessment || {};
  const names = Object.fromEntries([...(a.assets || []), ...(a.interfaces || [])].map((x) => [x.id, `${x.name} (${x.id})`]));
  const events = hist.events || [];
  const latest = events.reduce((n, e) => Math.max(n, e.revision), rev.revision);
  return html`${crumbs}
    <dl class="facts">
      <dt>Revision</dt><dd>${rev.revision}${latest > rev.revision ? html` (the latest is <a href=${riskPath(product, version)}>revision ${latest}</a>)` : ' (the latest)'}</dd>
      <dt>State</dt><dd><${RiskState} s=${rev.state} /></dd>
      <dt>Author</dt><dd>${rev.author} <span class="muted">${fmtDate(rev.created_at)}</span></dd>
      <dt>Reviewer</dt><dd>${rev.reviewer || '—'}</dd>
      <dt>Approver</dt><dd>${rev.approver ? html`${rev.approver} <span class="muted">${fmtDate(rev.approved_at)}</span>` : '—'}</dd>
      <dt>Source</dt><dd>${rev.source || '—'}</dd>
    </dl>
    <ul class="downloads" aria-label="Downloads">
      <li><a href=${`${releaseApi(product, version)}/risk${qs({ revision: rev.revision })}`} download=${`${product}-${version}-risk-r${rev.revision}.json`}>Revision ${rev.revision} (JSON)</a></li>
    </ul>
    ${canReview ? html`<${Review} key=${rev.revision} rev=${rev} product=${product} version=${version} busy=${loading} onDone=${reload} />`
      : html`<p class="muted">Reviewing and approving need the manage-products permission.</p>`}
    ${(rev.warnings || []).length > 0 && html`<section aria-labelledby="risk-warnings"><h2 id="risk-warnings">Warnings</h2>
      <ul>${rev.warnings.map((w) => html`<li>${w}</li>`)}</ul></section>`}
    <${Context} c=${a.context} />
    <${Assets} assets=${a.assets || []} />
    <${Interfaces} interfaces=${a.interfaces || []} names=${names} />
    <${Threats} a=${a} risks=${rev.risks || []} names=${names} />
    <${Mitigations} mitigations=${a.mitigations || []} />
    <${Reachability} r=${a.reachability} />
    <${Applicability} items=${rev.applicability || []} />
    <${History} events=${events} product=${product} version=${version} shown=${rev.revision} />`;
}

// The product's risk policy (docs/risk-policy.md): the version in force and who set it, or the
// default; callers with manage-products edit it (PUT .../risk-policy; a policy that does not parse
// is refused naming the line and key) or return to the default.
export function RiskPolicy({ product, me }) {
  const { data, error, reload } = useData(() => api(`/products/${enc(product)}/risk-policy`), [product]);
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState('');
  const [msg, setMsg] = useState(null);
  const canEdit = me.permissions.includes('manage-products') || me.permissions.includes('administer');
  if (error) return html`<section aria-labelledby="policy-title"><h2 id="policy-title">Risk policy</h2><${Failure} error=${error} /></section>`;
  if (!data) return html`<section aria-labelledby="policy-title"><h2 id="policy-title">Risk policy</h2><${Loading} what="the risk policy" /></section>`;
  const inForce = data.in_force;
  const save = async (body) => {
    setMsg(null);
    try {
      const r = await api(`/products/${enc(product)}/risk-policy`, { method: 'PUT', body });
      setEditing(false);
      setMsg({ ok: true, text: r.default ? 'The default policy applies again.' : `Policy version ${r.in_force.version} saved; the stored findings follow at the next monitor run.` });
      reload();
    } catch (e) { setMsg({ ok: false, text: e.message }); }
  };
  return html`<section aria-labelledby="policy-title" class="policy">
    <h2 id="policy-title">Risk policy</h2>
    ${inForce ? html`<p>Version ${inForce.version} in force, set by ${inForce.set_by} on ${fmtDate(inForce.set_at)}${inForce.source ? ` (from ${inForce.source})` : ''}; ${data.versions.length} version(s) kept.</p>
      <pre class="policy-text" tabindex="0" aria-label="The policy in force">${inForce.policy}</pre>`
      : html`<p>The default policy applies: known exploited P0 (fix within 7 days), CVSS ≥ 9.0 P1 (14 days), CVSS ≥ 7.0 P2 (30 days), CVSS ≥ 4.0 or unknown P3 (90 days), else P4 (180 days); raised or lowered by what the affected component exposes in the release's risk assessment.${data.versions.length ? ` ${data.versions.length} earlier version(s) kept.` : ''}</p>`}
    ${canEdit && !editing && html`<p><button type="button" onClick=${() => { setText(inForce ? inForce.policy : ''); setEditing(true); setMsg(null); }}>Edit the policy</button></p>`}
    ${canEdit && editing && html`<form class="stack" onSubmit=${(e) => { e.preventDefault(); save({ policy: text, source: 'dashboard' }); }}>
      <label for="policy-yaml">Policy (YAML, see docs/risk-policy.md)</label>
      <textarea id="policy-yaml" name="policy" rows="12" value=${text} onInput=${(e) => setText(e.target.value)} required></textarea>
      <div class="actions">
        <button type="submit">Save policy</button>
        <button type="button" onClick=${() => setEditing(false)}>Cancel</button>
        ${inForce && html`<button type="button" onClick=${() => save({ clear: true })}>Return to the default</button>`}
      </div>
    </form>`}
    ${msg && html`<p role=${msg.ok ? 'status' : 'alert'} class=${msg.ok ? 'ok' : 'error'}>${msg.text}</p>`}
  </section>`;
}
