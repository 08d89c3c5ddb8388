'use client';
import { useState, type FormEvent } from 'react';
import { apiFetch, errorMessage } from '@/lib/client/api';

/** Login / first-admin form. After success, a full navigation so the server re-renders with the session. */
export function CredentialsForm({
  mode,
  next,
  initialError,
}: {
  mode: 'login' | 'setup';
  next: string;
  initialError?: string;
}) {
  const [error, setError] = useState<string | null>(initialError ?? null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const name = String(f.get('name') ?? '');
    const password = String(f.get('password') ?? '');
    if (mode === 'setup' && password !== String(f.get('confirm') ?? '')) {
      setError('The two passwords differ.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      try {
        await apiFetch(mode === 'login' ? '/api/auth/login' : '/api/setup', { json: { name, password } });
      } catch (e) {
        setError(errorMessage(e));
        return;
      }
      window.location.assign(next);
    } finally {
      setBusy(false);
    }
  }

  return (
    // method/action: before hydration the browser posts the form itself (never as a GET with the
    // password in the URL); login answers that with a redirect.
    <form
      className="card stack"
      style={{ maxWidth: 380 }}
      onSubmit={submit}
      method="post"
      action={mode === 'login' ? '/api/auth/login' : '/api/setup'}
    >
      {mode === 'login' && <input type="hidden" name="next" value={next} />}
      <label className="field">
        User name
        <input name="name" autoComplete="username" required autoFocus />
      </label>
      <label className="field">
        Password{mode === 'setup' ? ' (at least 10 characters)' : ''}
        <input
          name="password"
          type="password"
          autoComplete={mode === 'login' ? 'current-password' : 'new-password'}
          required
        />
      </label>
      {mode === 'setup' && (
        <label className="field">
          Repeat password
          <input name="confirm" type="password" autoComplete="new-password" required />
        </label>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button className="btn btn-primary" type="submit" disabled={busy}>
        {mode === 'login' ? 'Log in' : 'Create admin account'}
      </button>
    </form>
  );
}
