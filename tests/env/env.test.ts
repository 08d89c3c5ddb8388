/** lib/env.ts: each variable has one validated meaning; a bad value names the variable. */
import { describe, expect, it, vi } from 'vitest';
import path from 'node:path';
import { dbPath } from '@/db/client';
import { env, envPositiveInt, envProblems, repoRoot } from '@/lib/env';

describe('env', () => {
  it('flags keep their documented defaults', () => {
    expect(env('JOULEBENCH_DEMO', {})).toBe(true);
    expect(env('JOULEBENCH_DEMO', { JOULEBENCH_DEMO: '0' })).toBe(false);
    expect(env('JOULEBENCH_TRUST_PROXY', {})).toBe(false);
    expect(env('JOULEBENCH_TRUST_PROXY', { JOULEBENCH_TRUST_PROXY: '1' })).toBe(true);
  });

  it('empty strings are unset; lists are trimmed', () => {
    expect(env('JOULEBENCH_PUBLIC_URL', { JOULEBENCH_PUBLIC_URL: '' })).toBeUndefined();
    expect(
      env('JOULEBENCH_ALLOWED_ORIGINS', { JOULEBENCH_ALLOWED_ORIGINS: ' https://a.example, ,https://b.example' }),
    ).toEqual(['https://a.example', 'https://b.example']);
  });

  it('positive integers are checked, with the variable named', () => {
    expect(envPositiveInt('JOULEBENCH_LOCAL_SLOTS', 1, {})).toBe(1);
    expect(envPositiveInt('JOULEBENCH_LOCAL_SLOTS', 1, { JOULEBENCH_LOCAL_SLOTS: '3' })).toBe(3);
    expect(() => envPositiveInt('JOULEBENCH_LOCAL_SLOTS', 1, { JOULEBENCH_LOCAL_SLOTS: '2.5' })).toThrow(
      'JOULEBENCH_LOCAL_SLOTS must be a positive integer (got "2.5")',
    );
    expect(envProblems({ JOULEBENCH_SLURM_MAX_INFLIGHT: 'many', JOULEBENCH_WORKER_LEASE_MS: '0' })).toEqual([
      'JOULEBENCH_WORKER_LEASE_MS must be a positive integer (got "0")',
      'JOULEBENCH_SLURM_MAX_INFLIGHT must be a positive integer (got "many")',
    ]);
  });

  it('the upload limit ignores values that are not positive numbers', () => {
    expect(env('JOULEBENCH_MAX_UPLOAD_MB', { JOULEBENCH_MAX_UPLOAD_MB: '0.5' })).toBe(0.5);
    expect(env('JOULEBENCH_MAX_UPLOAD_MB', { JOULEBENCH_MAX_UPLOAD_MB: '-1' })).toBeUndefined();
  });

  it('repoRoot is JOULEBENCH_ROOT, else the working directory', () => {
    expect(repoRoot({ JOULEBENCH_ROOT: '/srv/jb' })).toBe('/srv/jb');
    expect(repoRoot({})).toBe(path.resolve(process.cwd()));
  });

  it('the default database is data/joulebench.db in the checkout, wherever the CLI runs', () => {
    vi.stubEnv('JOULEBENCH_DB', undefined);
    vi.stubEnv('JOULEBENCH_ROOT', '/srv/jb');
    try {
      expect(dbPath()).toBe('/srv/jb/data/joulebench.db');
      vi.stubEnv('JOULEBENCH_DB', 'rel/x.db');
      expect(dbPath()).toBe(path.resolve('rel/x.db'));
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
