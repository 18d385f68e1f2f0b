import { useState } from 'preact/hooks';
import { api, html } from '../lib.js';

export function Login({ onLogin }) {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    setBusy(true);
    setError('');
    try {
      const r = await api('/auth/login', { method: 'POST', body: { name: f.get('name'), password: f.get('password') } });
      onLogin(r);
    } catch (err) {
      setError(err.status === 429 ? 'Too many failed logins: wait a few minutes.' : 'Wrong name or password.');
    } finally {
      setBusy(false);
    }
  };
  return html`
    <main id="main" class="login">
      <form onSubmit=${submit} aria-labelledby="login-title">
        <h1 id="login-title" tabindex="-1">Log in to Bulwark</h1>
        <label for="login-name">User name</label>
        <input id="login-name" name="name" autocomplete="username" required autofocus />
        <label for="login-password">Password</label>
        <input id="login-password" name="password" type="password" autocomplete="current-password" required />
        ${error && html`<p class="error" role="alert">${error}</p>`}
        <button type="submit" disabled=${busy}>${busy ? 'Logging in…' : 'Log in'}</button>
      </form>
    </main>`;
}
