/**
 * The CLI token contract: `joulebench token create --role admin|engineer|viewer --name NAME`
 * prints a new API token as the LAST line of stdout; only its SHA-256 is stored; requests carry it
 * as `Authorization: Bearer TOKEN` and act with its role. `token list` never shows it; `token
 * revoke` ends it.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '@/db/client';
import { findApiToken } from '@/db/queries/tokens';
import { POST as createStudyRoute } from '@/app/api/studies/route';
import { GET as tokensRoute } from '@/app/api/tokens/route';
import { resolveCredentials } from '@/lib/auth/principal';
import { sha256Hex } from '@/lib/auth/tokens';
import { freshProcessDb, req } from './helpers';

const ROOT = path.resolve(__dirname, '../..');

let db: DB;
beforeAll(() => {
  db = freshProcessDb('cli-token'); // the CLI below writes this very file (JOULEBENCH_DB)
});

function cli(...args: string[]) {
  return spawnSync(process.execPath, [path.join(ROOT, 'bin/joulebench.js'), 'token', ...args], {
    encoding: 'utf8',
    env: { ...process.env, JOULEBENCH_DB: process.env.JOULEBENCH_DB, JOULEBENCH_DEMO: '0' },
  });
}

/** Runs `token create` and returns the last line of stdout (the contract), plus the raw output. */
function create(role: string, name: string) {
  const r = cli('create', '--role', role, '--name', name);
  expect(r.status, r.stderr).toBe(0);
  const lines = r.stdout.split('\n').filter((l) => l.length > 0);
  return { token: lines.at(-1)!, stdout: r.stdout, stderr: r.stderr };
}

const tokenRows = () => db.all<Record<string, unknown>>(sql.raw('SELECT * FROM api_tokens'));

describe('joulebench token create', () => {
  it('prints the token as the last line of stdout; the database holds only its SHA-256', () => {
    const { token, stdout, stderr } = create('engineer', 'ci');
    expect(token).toMatch(/^jb_[A-Za-z0-9_-]{43}$/);
    expect(stdout.endsWith(`${token}\n`)).toBe(true);
    expect(stderr).not.toContain(token); // shown once, on stdout only
    const rows = tokenRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      name: 'ci',
      role: 'engineer',
      token_hash: sha256Hex(token),
      prefix: token.slice(0, 7),
      revoked_at: null,
    });
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain(token);
    expect(dump).not.toContain(token.slice(3)); // not even without its prefix
    expect(findApiToken(db, token)?.role).toBe('engineer');
  }, 60_000);

  it('authenticates as Authorization: Bearer TOKEN with its role (and no user account exists)', async () => {
    const eng = create('engineer', 'scripts').token;
    const viewer = create('viewer', 'dashboards').token;
    expect(db.all(sql.raw('SELECT id FROM users'))).toEqual([]);

    const who = await resolveCredentials(db, { authorization: `Bearer ${eng}` });
    expect(who).toMatchObject({
      kind: 'principal',
      principal: { role: 'engineer', via: 'token', name: 'token:scripts', userId: null },
    });
    expect(await resolveCredentials(db, { authorization: `Bearer ${eng}x` })).toMatchObject({ kind: 'invalid' });
    expect(await resolveCredentials(db, { authorization: `Bearer ${sha256Hex(eng)}` })).toMatchObject({
      kind: 'invalid',
    }); // the stored digest is not a credential

    const made = await createStudyRoute(
      req('/api/studies', { method: 'POST', token: eng, body: { name: 'made with a CLI token' } }),
    );
    expect(made.status, await made.clone().text()).toBe(201);
    expect(
      (await createStudyRoute(req('/api/studies', { method: 'POST', token: viewer, body: { name: 'viewer study' } })))
        .status,
    ).toBe(403);
    expect(
      (
        await createStudyRoute(
          req('/api/studies', { method: 'POST', token: 'jb_' + 'A'.repeat(43), body: { name: 'x' } }),
        )
      ).status,
    ).toBe(401);
  }, 60_000);

  it('admin tokens act as admin; token list never shows a secret; token revoke ends it', async () => {
    const admin = create('admin', 'ops').token;
    const list = await tokensRoute(req('/api/tokens', { token: admin }));
    expect(list.status).toBe(200);
    const body = await list.text();
    expect(JSON.parse(body).tokens.map((t: { name: string }) => t.name)).toEqual(
      expect.arrayContaining(['ci', 'scripts', 'dashboards', 'ops']),
    );
    expect(body).not.toContain(admin);
    expect(body).not.toContain('token_hash');
    expect(body).not.toContain(sha256Hex(admin));

    const listed = cli('list', '--json');
    expect(listed.status, listed.stderr).toBe(0);
    expect(listed.stdout).not.toContain(admin);
    expect(listed.stdout).not.toContain(sha256Hex(admin));
    const id = (JSON.parse(listed.stdout) as { id: number; name: string }[]).find((t) => t.name === 'ops')!.id;

    const revoked = cli('revoke', String(id));
    expect(revoked.status, revoked.stderr).toBe(0);
    expect(await resolveCredentials(db, { authorization: `Bearer ${admin}` })).toMatchObject({ kind: 'invalid' });
  }, 90_000);

  it('refuses an unknown role or an empty name, printing no token', () => {
    const before = tokenRows().length;
    for (const args of [
      ['--role', 'root', '--name', 'x'],
      ['--role', 'viewer', '--name', '  '],
    ]) {
      const r = cli('create', ...args);
      expect(r.status).not.toBe(0);
      expect(r.stdout).not.toMatch(/jb_/);
    }
    expect(tokenRows().length).toBe(before);
  }, 60_000);
});
