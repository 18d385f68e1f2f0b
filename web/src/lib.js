// Shared by every view: htm bound to Preact, the API client (session cookie + CSRF token), the
// URL router (every view and its filters live in the URL) and small formatting helpers.
import { h } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import htm from 'htm';

export const html = htm.bind(h);
export const API = '/api/bulwark/v1';

// ---- session ----------------------------------------------------------------------------
let csrf = '';
export function setCsrf(token) { csrf = token || ''; }

export class AuthError extends Error {}
export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

// fetch() of the native API: JSON in and out; 401 raises AuthError (the app shows the login).
export async function api(path, { method = 'GET', body, headers = {} } = {}) {
  const h = { Accept: 'application/json', ...headers };
  if (method !== 'GET' && method !== 'HEAD') h['X-CSRF-Token'] = csrf;
  if (body !== undefined) h['Content-Type'] = 'application/json';
  const res = await fetch(path.startsWith('/') && !path.startsWith(API) ? API + path : path, {
    method, headers: h, credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const type = res.headers.get('Content-Type') || '';
  const data = type.includes('json') && res.status !== 204 ? await res.json() : null;
  if (res.status === 401 && !path.endsWith('/auth/login')) {
    window.dispatchEvent(new CustomEvent('bulwark:unauthorized'));
    throw new AuthError('session expired');
  }
  if (!res.ok && res.status !== 207) throw new ApiError(res.status, data);
  return data;
}

// Loads data for a view; reload() fetches again. deps: when to refetch.
export function useData(load, deps) {
  const [state, setState] = useState({ loading: true, data: null, error: null, loadedFor: null });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true, error: null }));
    load().then(
      (data) => live && setState({ loading: false, data, error: null, loadedFor: deps }),
      (error) => live && !(error instanceof AuthError) && setState({ loading: false, data: null, error, loadedFor: deps }),
    );
    return () => { live = false; };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  // `data` stays on screen while a new request runs; `loadedFor` holds the dependencies it answers
  // (a view whose row shape depends on them must not render the previous answer).
  return { ...state, reload };
}

// ---- routing ------------------------------------------------------------------------------
export function navigate(url, { replace = false } = {}) {
  if (url === location.pathname + location.search) return;
  history[replace ? 'replaceState' : 'pushState'](null, '', url);
  window.dispatchEvent(new Event('bulwark:navigate'));
}

export function useLocation() {
  const read = () => ({ path: location.pathname, query: new URLSearchParams(location.search) });
  const [loc, setLoc] = useState(read);
  useEffect(() => {
    const on = () => setLoc(read());
    window.addEventListener('popstate', on);
    window.addEventListener('bulwark:navigate', on);
    return () => {
      window.removeEventListener('popstate', on);
      window.removeEventListener('bulwark:navigate', on);
    };
  }, []);
  return loc;
}

// A query string from an object, leaving out empty values.
export function qs(params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (Array.isArray(v)) { if (v.length) p.set(k, v.join(',')); } else if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

export const enc = encodeURIComponent;
export const productPath = (p) => `/products/${enc(p)}`;
export const releasePath = (p, v) => `/products/${enc(p)}/releases/${enc(v)}`;
export const releaseApi = (p, v) => `${API}/products/${enc(p)}/releases/${enc(v)}`;

// ---- formatting ----------------------------------------------------------------------------
export function fmtDate(s) {
  if (!s) return '—';
  return s.length > 10 ? s.replace('T', ' ').replace(/(:\d\d)(\.\d+)?Z$/, '$1 UTC') : s;
}

// "2d 03:12:05 left" / "overdue by 1d 02:00:00".
export function countdown(due, now) {
  const ms = Date.parse(due) - now;
  const abs = Math.abs(ms);
  const d = Math.floor(abs / 86400000);
  const hms = new Date(abs % 86400000).toISOString().slice(11, 19);
  const text = `${d ? `${d}d ` : ''}${hms}`;
  return ms >= 0 ? { text: `${text} left`, overdue: false } : { text: `overdue by ${text}`, overdue: true };
}

// The current time, refreshed every `ms` (live countdowns).
export function useNow(ms = 1000) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

export const PRIORITIES = ['P0', 'P1', 'P2', 'P3', 'P4'];
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'none', 'unknown'];
export const STATES = ['none', 'under_investigation', 'affected', 'not_affected', 'fixed', 'false_positive'];
export const JUSTIFICATIONS = ['component_not_present', 'vulnerable_code_not_present',
  'vulnerable_code_not_in_execute_path', 'vulnerable_code_cannot_be_controlled_by_adversary',
  'inline_mitigations_already_exist'];
export const label = (s) => (s || '').replaceAll('_', ' ');

export function Priority({ p }) {
  return html`<span class=${`badge prio-${(p || 'P4').toLowerCase()}`}>${p || '—'}</span>`;
}

export function Loading({ what }) {
  return html`<p class="muted" role="status">Loading ${what}…</p>`;
}

export function Failure({ error }) {
  return html`<p class="error" role="alert">${error ? error.message : 'Something failed.'}</p>`;
}

// A table that scrolls sideways on narrow screens (focusable, so keyboard users can scroll it).
export function Scroll({ label: name, children }) {
  return html`<div class="scroll" role="region" aria-label=${name} tabindex="0">${children}</div>`;
}
