'use client';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { Role } from '@/lib/auth/roles';
import { apiFetch } from '@/lib/client/api';
import { fmtDateTime } from '@/lib/format';

interface UserRow {
  id: number;
  name: string;
  role: string;
  disabled: boolean;
  createdAt: string;
}
interface TokenRow {
  id: number;
  name: string;
  role: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

const ROLE_OPTIONS: Role[] = ['viewer', 'engineer', 'admin'];
const when = fmtDateTime;

export function SettingsClient({ role, via }: { role: Role; via: string }) {
  const isAdmin = role === 'admin';
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const [users, setUsers] = useState<UserRow[]>([]);
  const [tokens, setTokens] = useState<TokenRow[]>([]);
  const [newToken, setNewToken] = useState<string | null>(null);
  const [sweeps, setSweeps] = useState<boolean | null>(null);

  const refresh = useCallback(async () => {
    try {
      setTokens((await apiFetch<{ tokens: TokenRow[] }>('/api/tokens')).tokens);
      if (isAdmin) {
        setUsers((await apiFetch<{ users: UserRow[] }>('/api/users')).users);
        setSweeps(
          (await apiFetch<{ engineersCanLaunchSweeps: boolean }>('/api/auth/settings')).engineersCanLaunchSweeps,
        );
      }
    } catch (e) {
      setMsg({ ok: false, text: (e as Error).message });
    }
  }, [isAdmin]);
  useEffect(() => void refresh(), [refresh]);

  const act = async (fn: () => Promise<unknown>, ok: string) => {
    try {
      await fn();
      setMsg({ ok: true, text: ok });
      await refresh();
    } catch (e) {
      setMsg({ ok: false, text: (e as Error).message });
    }
  };

  const createToken = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const days = Number(f.get('days'));
    void act(async () => {
      const r = await apiFetch<{ token: string }>('/api/tokens', {
        method: 'POST',
        json: { name: f.get('name'), role: f.get('role'), ...(days > 0 ? { expiresInDays: days } : {}) },
      });
      setNewToken(r.token);
    }, 'Token created: copy it now, it will not be shown again.');
  };

  const createUser = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    void act(
      () =>
        apiFetch('/api/users', {
          method: 'POST',
          json: { name: f.get('name'), role: f.get('role'), password: f.get('password') },
        }).then(() => form.reset()),
      'User created.',
    );
  };

  const changePassword = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    void act(
      () =>
        apiFetch('/api/auth/password', {
          method: 'POST',
          json: { current: f.get('current'), password: f.get('password') },
        }).then(() => form.reset()),
      'Password changed; your other sessions were logged out and your API tokens revoked (create new ones below).',
    );
  };

  const allowed = ROLE_OPTIONS.filter((r) => ROLE_OPTIONS.indexOf(r) <= ROLE_OPTIONS.indexOf(role));

  return (
    <div className="stack">
      {msg && (
        <p className={msg.ok ? 'muted' : 'error'} role={msg.ok ? 'status' : 'alert'}>
          {msg.text}
        </p>
      )}

      <section className="card">
        <h2>API tokens</h2>
        <p className="muted">
          For the CLI and the measurement harness: <code>--token TOKEN</code> or{' '}
          <code>Authorization: Bearer TOKEN</code>. Shown once, stored hashed.
        </p>
        <form className="toolbar" onSubmit={createToken}>
          <label className="field">
            Name
            <input name="name" required placeholder="e.g. gpu-node-harness" />
          </label>
          <label className="field">
            Role
            <select name="role" defaultValue={allowed.includes('engineer') ? 'engineer' : 'viewer'}>
              {allowed.map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
          </label>
          <label className="field">
            Expires in days (empty: never)
            <input name="days" type="number" min={1} />
          </label>
          <button className="btn btn-primary" type="submit">
            Create token
          </button>
        </form>
        {newToken && (
          <p className="banner">
            New token (copy it now): <code data-testid="new-token">{newToken}</code>{' '}
            <button
              className="btn btn-small"
              type="button"
              onClick={() => void navigator.clipboard?.writeText(newToken)}
            >
              Copy
            </button>
          </p>
        )}
        <div className="table-wrap" tabIndex={0} role="region" aria-label="API tokens">
          <table className="table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Role</th>
                <th>Starts with</th>
                <th>Created</th>
                <th>Last used</th>
                <th>Expires</th>
                <th>Status</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {tokens.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td>{t.role}</td>
                  <td>
                    <code>{t.prefix}…</code>
                  </td>
                  <td>{when(t.createdAt)}</td>
                  <td>{when(t.lastUsedAt)}</td>
                  <td>{when(t.expiresAt)}</td>
                  <td>
                    {t.revokedAt ? (
                      <span className="badge badge-bad">revoked</span>
                    ) : (
                      <span className="badge badge-ok">active</span>
                    )}
                  </td>
                  <td>
                    {!t.revokedAt && (
                      <button
                        className="btn btn-small btn-danger"
                        type="button"
                        onClick={() =>
                          void act(() => apiFetch(`/api/tokens/${t.id}`, { method: 'DELETE' }), 'Token revoked.')
                        }
                      >
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
              {!tokens.length && (
                <tr>
                  <td colSpan={8} className="muted">
                    No tokens.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      </section>

      {isAdmin && (
        <section className="card">
          <h2>Users</h2>
          <form className="toolbar" onSubmit={createUser}>
            <label className="field">
              Name
              <input name="name" required />
            </label>
            <label className="field">
              Role
              <select name="role" defaultValue="engineer">
                {ROLE_OPTIONS.map((r) => (
                  <option key={r}>{r}</option>
                ))}
              </select>
            </label>
            <label className="field">
              Initial password (10+ chars)
              <input name="password" type="password" required autoComplete="new-password" />
            </label>
            <button className="btn btn-primary" type="submit">
              Add user
            </button>
          </form>
          <div className="table-wrap" tabIndex={0} role="region" aria-label="Users">
            <table className="table">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Role</th>
                  <th>Created</th>
                  <th>Status</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {users.map((u) => (
                  <tr key={u.id}>
                    <td>{u.name}</td>
                    <td>
                      <select
                        className="input"
                        value={u.role}
                        aria-label={`role of ${u.name}`}
                        onChange={(e) =>
                          void act(
                            () => apiFetch(`/api/users/${u.id}`, { method: 'PATCH', json: { role: e.target.value } }),
                            'Role changed.',
                          )
                        }
                      >
                        {ROLE_OPTIONS.map((r) => (
                          <option key={r}>{r}</option>
                        ))}
                      </select>
                    </td>
                    <td>{when(u.createdAt)}</td>
                    <td>
                      {u.disabled ? (
                        <span className="badge badge-bad">disabled</span>
                      ) : (
                        <span className="badge badge-ok">active</span>
                      )}
                    </td>
                    <td className="row">
                      <button
                        className="btn btn-small"
                        type="button"
                        onClick={() =>
                          void act(
                            () => apiFetch(`/api/users/${u.id}`, { method: 'PATCH', json: { disabled: !u.disabled } }),
                            u.disabled ? 'User enabled.' : 'User disabled.',
                          )
                        }
                      >
                        {u.disabled ? 'Enable' : 'Disable'}
                      </button>
                      <button
                        className="btn btn-small"
                        type="button"
                        onClick={() => {
                          const pw = window.prompt(`New password for ${u.name} (10+ characters)`);
                          if (pw)
                            void act(
                              () => apiFetch(`/api/users/${u.id}`, { method: 'PATCH', json: { password: pw } }),
                              "Password reset; the user's sessions ended and API tokens were revoked.",
                            );
                        }}
                      >
                        Reset password
                      </button>
                      <button
                        className="btn btn-small btn-danger"
                        type="button"
                        onClick={() => {
                          if (window.confirm(`Delete ${u.name}?`))
                            void act(() => apiFetch(`/api/users/${u.id}`, { method: 'DELETE' }), 'User deleted.');
                        }}
                      >
                        Delete
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h3>Access</h3>
          <label className="row">
            <input
              type="checkbox"
              checked={sweeps ?? false}
              disabled={sweeps === null}
              onChange={(e) =>
                void act(
                  () =>
                    apiFetch('/api/auth/settings', {
                      method: 'PUT',
                      json: { engineersCanLaunchSweeps: e.target.checked },
                    }),
                  'Setting saved.',
                )
              }
            />
            Engineers may launch sweeps (admins always may)
          </label>
          <p className="muted">
            Letting engineers launch sweeps gives them command execution on the host: a sweep starts the inference
            server with the arguments it names and changes GPU clocks, on this machine (local executor) or the cluster
            nodes (Slurm). Allow it only for people you would give a shell there.
          </p>
        </section>
      )}

      {via === 'session' && (
        <section className="card">
          <h2>Change your password</h2>
          <form className="toolbar" onSubmit={changePassword}>
            <label className="field">
              Current password
              <input name="current" type="password" required autoComplete="current-password" />
            </label>
            <label className="field">
              New password (10+ chars)
              <input name="password" type="password" required autoComplete="new-password" />
            </label>
            <button className="btn" type="submit">
              Change password
            </button>
          </form>
        </section>
      )}
    </div>
  );
}
