// The dashboard shell: who is logged in, the navigation, and which view the URL names.
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, html, navigate, setCsrf, useLocation, qs } from './lib.js';
import { Login } from './views/login.js';
import { Portfolio } from './views/portfolio.js';
import { Product } from './views/product.js';
import { Release } from './views/release.js';
import { Findings } from './views/findings.js';
import { Cases } from './views/cases.js';
import { Audit } from './views/audit.js';
import { Users, Teams, Keys, Notifications } from './views/admin.js';
import { Vulnerability, VulnerabilityLookup } from './views/vulnerability.js';
import { Checklist } from './views/checklist.js';
import { Support } from './views/support.js';
import { Components } from './views/components.js';
import { Risk } from './views/risk.js';

// path pattern → view; ":name" segments become props.
const ROUTES = [
  ['/', Portfolio, 'Portfolio'],
  ['/findings', Findings, 'Findings'],
  ['/cases', Cases, 'Article 14 cases'],
  ['/products/:product', Product, 'Product'],
  ['/products/:product/releases/:version', Release, 'Release'],
  ['/admin/audit', Audit, 'Audit log'],
  ['/vulnerabilities', VulnerabilityLookup, 'Vulnerabilities'],
  ['/vulnerabilities/:id', Vulnerability, 'Vulnerability'],
  ['/support', Support, 'Support periods'],
  ['/products/:product/checklist', Checklist, 'Annex I checklist'],
  ['/products/:product/releases/:version/components', Components, 'Components'],
  ['/admin', Users, 'Users'],
  ['/admin/users', Users, 'Users'],
  ['/admin/teams', Teams, 'Teams'],
  ['/admin/keys', Keys, 'API keys'],
  ['/admin/notifications', Notifications, 'Notification rules'],
];

function match(path) {
  const parts = path.split('/').filter(Boolean);
  for (const [pattern, view, title] of ROUTES) {
    const pp = pattern.split('/').filter(Boolean);
    if (pp.length !== parts.length) continue;
    const params = {};
    if (pp.every((p, i) => (p.startsWith(':') ? ((params[p.slice(1)] = decodeURIComponent(parts[i])), true) : p === parts[i])))
      return { view, params, title };
  }
  return null;
}

// [href, text, shown to administrators only]
const NAV = [
  ['/', 'Portfolio'],
  ['/findings', 'Findings'],
  ['/vulnerabilities', 'Vulnerabilities'],
  ['/cases', 'Article 14 cases'],
  ['/support', 'Support periods'],
  ['/admin/audit', 'Audit log'],
  ['/admin/users', 'Administration', true],
];

function Shell({ me, loc, onLogout, children }) {
  const admin = me.permissions.includes('administer');
  const section = (href) => (href === '/' ? loc.path === '/' || loc.path.startsWith('/products')
    : href === '/admin/users' ? loc.path.startsWith('/admin') && loc.path !== '/admin/audit' : loc.path.startsWith(href));
  return html`
    <a class="skip" href="#main">Skip to content</a>
    <header class="top">
      <a class="brand" href="/">Bulwark</a>
      <nav aria-label="Main">
        <ul>
          ${NAV.filter(([, , adminOnly]) => admin || !adminOnly).map(([href, text]) => html`<li><a href=${href} aria-current=${section(href) ? 'page' : undefined}>${text}</a></li>`)}
        </ul>
      </nav>
      <div class="who">
        <span>${me.actor}</span>
        <button type="button" class="link" onClick=${onLogout}>Log out</button>
      </div>
    </header>
    <main id="main" tabindex="-1">${children}</main>`;
}

function NotFound() {
  return html`<h1 tabindex="-1">Not found</h1><p>No view at this address. <a href="/">Back to the portfolio</a>.</p>`;
}

function App() {
  const loc = useLocation();
  const [me, setMe] = useState(undefined); // undefined: asking; null: not logged in
  const mainRef = useRef(null);

  const loadMe = () =>
    api('/auth/whoami').then((w) => { setCsrf(w.csrf_token); setMe(w); }, () => setMe(null));

  useEffect(() => {
    loadMe();
    const onAuth = () => setMe(null);
    window.addEventListener('bulwark:unauthorized', onAuth);
    // Same-origin links navigate without reloading the page (downloads and the API excepted).
    const onClick = (e) => {
      const a = e.target.closest && e.target.closest('a[href]');
      if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      const href = a.getAttribute('href');
      if (!href.startsWith('/') || href.startsWith('/api/') || href.startsWith('/ui/') || a.hasAttribute('download') || a.target) return;
      e.preventDefault();
      navigate(href);
    };
    document.addEventListener('click', onClick);
    return () => { window.removeEventListener('bulwark:unauthorized', onAuth); document.removeEventListener('click', onClick); };
  }, []);

  // Logged out: every view but the login sends there, remembering where it was.
  useEffect(() => {
    if (me === null && loc.path !== '/login')
      navigate(`/login${qs({ next: loc.path + location.search })}`, { replace: true });
    if (me && loc.path === '/login') navigate(loc.query.get('next') || '/', { replace: true });
  }, [me, loc.path]);

  // A release's risk assessment is the release's URL with ?view=risk (the server answers the
  // release's URL with the dashboard, so the view can be bookmarked and reloaded).
  const found = match(loc.path);
  const m = found && found.view === Release && loc.query.get('view') === 'risk'
    ? { ...found, view: Risk, title: 'Risk assessment' } : found;
  const viewName = m ? m.title : '';
  useEffect(() => {
    document.title = `${m ? m.title : loc.path === '/login' ? 'Log in' : 'Not found'} · Bulwark`;
    // Move focus to the new view's heading so screen readers announce it.
    const t = setTimeout(() => { const h1 = document.querySelector('main h1'); if (h1) h1.focus({ preventScroll: true }); }, 0);
    return () => clearTimeout(t);
  }, [loc.path, viewName]);

  if (me === undefined) return html`<p class="loading" role="status">Loading Bulwark…</p>`;
  if (me === null || loc.path === '/login') return html`<${Login} onLogin=${(w) => { setCsrf(w.csrf_token); loadMe(); }} />`;
  const logout = async () => {
    try { await api('/auth/logout', { method: 'POST' }); } catch (e) { /* the session is gone anyway */ }
    setCsrf('');
    setMe(null);
  };
  const View = m ? m.view : NotFound;
  return html`<${Shell} me=${me} loc=${loc} onLogout=${logout}>
    <${View} key=${loc.path} ...${m ? m.params : {}} query=${loc.query} me=${me} />
  </${Shell}>`;
}

render(html`<${App} />`, document.getElementById('app'));
