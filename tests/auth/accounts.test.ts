/**
 * Accounts on better-auth: first admin only once (setup or CLI), the last-admin rule, the secret
 * (never a default; generated once and kept), no telemetry, trusted origins for any host, and a
 * migration that applies on top of the previous ones.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDb, type DB } from '@/db/client';
import { deleteUser, updateUser } from '@/db/queries/users';
import { POST as setupRoute } from '@/app/api/setup/route';
import { getAuth } from '@/lib/auth/auth';
import { trustedOrigins } from '@/lib/auth/csrf';
import { authSecret } from '@/lib/auth/secret';
import { createUser, login } from '@/lib/auth/service';
import { freshProcessDb, insertUserRow, req } from './helpers';

const ROOT = path.resolve(__dirname, '../..');

let db: DB;
beforeAll(() => {
  db = freshProcessDb('accounts');
});

describe('first admin', () => {
  it('/setup creates exactly one admin even when two requests race; then it is closed (409)', async () => {
    const post = (name: string) =>
      setupRoute(req('/api/setup', { method: 'POST', body: { name, password: 'a long enough password' } }));
    const [a, b] = await Promise.all([post('first'), post('second')]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const winner = a.status === 201 ? a : b;
    expect((await winner.json()).user).toMatchObject({ role: 'admin' });
    expect(winner.headers.get('set-cookie')).toMatch(/^jb_session=/);
    expect((await post('third')).status).toBe(409);
    expect(db.$client.prepare('SELECT count(*) AS n FROM users').get()).toEqual({ n: 1 });
  });

  it('the CLI creates accounts on the database file without a web server, never with a default password', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jb-cli-user-')), 'cli.db');
    const cli = (args: string[], input: string) =>
      spawnSync(process.execPath, [path.join(ROOT, 'bin/joulebench.js'), 'user', ...args], {
        input,
        encoding: 'utf8',
        env: { ...process.env, JOULEBENCH_DB: file, JOULEBENCH_DEMO: '0' },
      });
    const made = cli(['create', '--role', 'admin', '--name', 'root', '--password-stdin'], 'cli admin password\n');
    expect(made.status, made.stderr).toBe(0);
    expect(made.stdout).toMatch(/created admin "root"/);
    expect(cli(['create', '--role', 'admin', '--name', 'nopw', '--password-stdin'], '').status).not.toBe(0);
    const reset = cli(['set-password', '--name', 'ROOT', '--password-stdin'], 'second cli password\n');
    expect(reset.status, reset.stderr).toBe(0);
    const other = openDb(file);
    return expect(login(other, { name: 'root', password: 'second cli password', ip: 'cli' })).resolves.toMatchObject({
      user: { name: 'root', role: 'admin' },
    });
  }, 60_000);
});

describe('the last admin', () => {
  it('cannot be demoted, disabled or deleted; another admin can', async () => {
    const only = db.$client.prepare("SELECT id FROM users WHERE role='admin'").get() as { id: number };
    expect(() => updateUser(db, only.id, { role: 'engineer' })).toThrow(/last admin/);
    expect(() => updateUser(db, only.id, { disabled: true })).toThrow(/last admin/);
    expect(() => deleteUser(db, only.id)).toThrow(/last admin/);
    const second = await createUser(db, { name: 'second-admin', role: 'admin', password: 'a long enough password' });
    expect(updateUser(db, only.id, { role: 'engineer' }).role).toBe('engineer');
    expect(() => deleteUser(db, second.id)).toThrow(/last admin/);
    updateUser(db, only.id, { role: 'admin' });
    deleteUser(db, second.id);
  });

  it('account names are unique case-insensitively', async () => {
    insertUserRow(db, { name: 'Case', role: 'viewer' });
    await expect(
      createUser(db, { name: 'CASE', role: 'viewer', password: 'a long enough password' }),
    ).rejects.toMatchObject({ status: 409 });
  });
});

describe('better-auth configuration', () => {
  it('the secret is never a default: from the environment, else generated once and kept in the database', () => {
    const saved = { a: process.env.JOULEBENCH_AUTH_SECRET, b: process.env.BETTER_AUTH_SECRET };
    try {
      delete process.env.JOULEBENCH_AUTH_SECRET;
      delete process.env.BETTER_AUTH_SECRET;
      const generated = authSecret(db);
      expect(generated).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes
      expect(authSecret(db)).toBe(generated);
      expect(authSecret(openDb(process.env.JOULEBENCH_DB!))).toBe(generated); // another process, same file
      expect(generated).not.toMatch(/better-auth-secret/);
      process.env.BETTER_AUTH_SECRET = 'b'.repeat(40);
      expect(authSecret(db)).toBe('b'.repeat(40));
      process.env.JOULEBENCH_AUTH_SECRET = 'j'.repeat(40);
      expect(authSecret(db)).toBe('j'.repeat(40));
      process.env.JOULEBENCH_AUTH_SECRET = 'too short';
      expect(() => authSecret(db)).toThrow(/at least 32/);
    } finally {
      for (const [k, v] of [
        ['JOULEBENCH_AUTH_SECRET', saved.a],
        ['BETTER_AUTH_SECRET', saved.b],
      ] as const)
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
    }
  });

  it("telemetry and better-auth's own rate limiter are off; sessions are fixed 7-day cookie sessions", async () => {
    const ctx = await getAuth(db).$context;
    expect(ctx.options.telemetry).toMatchObject({ enabled: false });
    expect(ctx.options.rateLimit).toMatchObject({ enabled: false });
    expect(ctx.options.session).toMatchObject({
      expiresIn: 7 * 24 * 3600,
      disableSessionRefresh: true,
      cookieCache: { enabled: false },
    });
    expect(ctx.authCookies.sessionToken.name).toBe('jb_session');
    expect(ctx.authCookies.sessionToken.attributes).toMatchObject({ httpOnly: true, sameSite: 'lax', path: '/' });
  });

  it('trusted origins: the host the request came to, JOULEBENCH_PUBLIC_URL and JOULEBENCH_ALLOWED_ORIGINS', () => {
    const saved = { pub: process.env.JOULEBENCH_PUBLIC_URL, allowed: process.env.JOULEBENCH_ALLOWED_ORIGINS };
    try {
      process.env.JOULEBENCH_PUBLIC_URL = 'https://joulebench.example';
      process.env.JOULEBENCH_ALLOWED_ORIGINS = 'https://alias.example, not a url';
      const o = trustedOrigins(new Request('http://127.0.0.1:45678/api/auth/login'));
      expect(o).toEqual(
        expect.arrayContaining(['http://127.0.0.1:45678', 'https://joulebench.example', 'https://alias.example']),
      );
      expect(o).not.toContain('https://evil.example');
      expect(trustedOrigins()).toEqual(expect.arrayContaining(['https://joulebench.example']));
    } finally {
      for (const [k, v] of [
        ['JOULEBENCH_PUBLIC_URL', saved.pub],
        ['JOULEBENCH_ALLOWED_ORIGINS', saved.allowed],
      ] as const)
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
    }
  });
});

describe('migration NNNN_better_auth_accounts', () => {
  it('applies on top of the previous migrations with old accounts: users go, their tokens are revoked, owner references cleared', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jb-mig-'));
    fs.cpSync(path.join(ROOT, 'db/migrations'), dir, { recursive: true });
    const journal = JSON.parse(fs.readFileSync(path.join(dir, 'meta/_journal.json'), 'utf8'));
    const at = journal.entries.findIndex((e: { tag: string }) => e.tag.endsWith('_better_auth_accounts'));
    expect(at).toBeGreaterThan(0);
    fs.writeFileSync(
      path.join(dir, 'meta/_journal.json'),
      JSON.stringify({ ...journal, entries: journal.entries.slice(0, at) }),
    );
    const sqlite = new Database(':memory:');
    sqlite.pragma('foreign_keys = ON');
    migrate(drizzle(sqlite), { migrationsFolder: dir });
    sqlite.exec(`
      INSERT INTO users (name, name_lower, role, password_hash) VALUES ('old', 'old', 'admin', 'scrypt$x');
      INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ('h', 1, '2999-01-01');
      INSERT INTO api_tokens (name, role, token_hash, prefix, created_by) VALUES ('mine', 'admin', 'a', 'jb_a', 1), ('cli', 'engineer', 'b', 'jb_b', NULL);
      INSERT INTO reports (title, view, snapshot, run_count, created_by, created_by_name) VALUES ('r', '{}', '{}', 0, 1, 'old');`);
    migrate(drizzle(sqlite), { migrationsFolder: path.join(ROOT, 'db/migrations') });
    const q = (s: string) => sqlite.prepare(s).all();
    expect(q('SELECT count(*) AS n FROM users')).toEqual([{ n: 0 }]);
    expect(q('SELECT name, created_by, revoked_at IS NOT NULL AS revoked FROM api_tokens ORDER BY id')).toEqual([
      { name: 'mine', created_by: null, revoked: 1 },
      { name: 'cli', created_by: null, revoked: 0 },
    ]);
    expect(q('SELECT created_by, created_by_name FROM reports')).toEqual([
      { created_by: null, created_by_name: 'old' },
    ]);
    expect(q('PRAGMA foreign_key_check')).toEqual([]);
    expect(
      q(
        "SELECT name FROM sqlite_master WHERE type='table' AND name IN ('accounts','verifications','server_secrets') ORDER BY name",
      ),
    ).toHaveLength(3);
  });
});
