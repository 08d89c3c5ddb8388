/**
 * What the HTTP benchmarks share: a database of `runs` fleet runs (bench/synthetic-fleet.ts, fixed
 * seed) in one demo study with an admin API token, and the production server (`next start`) started on it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { openDb } from '@/db/client';
import { insertRuns } from '@/db/queries/runs';
import { withWriteCache } from '@/db/write-cache';
import { createStudy } from '@/db/queries/studies';
import { createApiToken } from '@/db/queries/tokens';
import type { RunRecord } from '@/lib/record/schema';
import { fleetRuns } from './synthetic-fleet';

export const ROOT = path.resolve(__dirname, '..');

export function requireBuild(bench: string) {
  if (!fs.existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) {
    console.error(`${bench}: no production build; run \`npm run build\` first`);
    process.exit(1);
  }
}

export const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

/**
 * A fresh database file holding `runs` fleet runs in one demo study, and an engineer API token.
 * BENCH_DB_DIR=dir keeps the generated database there and starts later runs from a copy of it.
 */
export function fleetDatabase(
  runs: number,
  prefix: string,
): { dbFile: string; studyId: number; token: string; genS: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const dbFile = path.join(dir, 'bench.db');
  process.env.JOULEBENCH_DEMO = '0';
  const t0 = performance.now();
  const keep = process.env.BENCH_DB_DIR;
  const template = keep ? path.join(keep, `http-load-fleet-${runs}.db`) : null;
  if (template && fs.existsSync(template)) fs.copyFileSync(template, dbFile);
  const db = openDb(dbFile);
  let study = db.$client.prepare('SELECT id FROM studies WHERE is_demo = 1').get() as { id: number } | undefined;
  if (!study) {
    study = createStudy(db, { name: `fleet ${runs}`, isDemo: true });
    const gen = fleetRuns(runs, 11);
    withWriteCache(db, () => {
      for (let left = runs; left > 0; left -= 5000) {
        const chunk: RunRecord[] = [];
        for (let k = 0; k < Math.min(5000, left); k++) chunk.push(gen.next().value!);
        db.transaction(() => insertRuns(db, study!.id, chunk, { dedupe: false }));
      }
    });
    db.$client.pragma('wal_checkpoint(TRUNCATE)');
    if (template) fs.copyFileSync(dbFile, template);
  }
  // Admin: the pages bench also shares a report, which only its owner (a user) or an admin may do.
  const token = createApiToken(db, { name: 'bench', role: 'admin', createdBy: null }).token;
  db.$client.pragma('wal_checkpoint(TRUNCATE)');
  db.$client.close();
  return { dbFile, studyId: study.id, token, genS: (performance.now() - t0) / 1000 };
}

// No keep-alive: a reused idle socket races the server's keep-alive timeout (ECONNRESET), which
// would count as an error of the server; a localhost connect costs ~0.1 ms.
const agent = new http.Agent({ keepAlive: false, maxSockets: 1024 });

/**
 * GET (with the token when given); resolves with the status, the body's size and a redirect's
 * target (status 0 on a network error).
 */
export function get(
  base: string,
  p: string,
  token?: string,
): Promise<{ status: number; bytes: number; location?: string }> {
  return new Promise((resolve) => {
    const r = http.get(
      `${base}${p}`,
      {
        agent,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'accept-encoding': 'identity' },
      },
      (res) => {
        let bytes = 0;
        res.on('data', (c: Buffer) => (bytes += c.length));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, location: res.headers.location }));
        res.on('error', () => resolve({ status: 0, bytes }));
      },
    );
    r.on('error', () => resolve({ status: 0, bytes: 0 }));
  });
}

/** POST a JSON body with the token (and the Origin the server's CSRF check wants); the parsed answer. */
export async function postJson(base: string, p: string, token: string, body: unknown) {
  const res = await fetch(`${base}${p}`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { authorization: `Bearer ${token}`, origin: base, 'content-type': 'application/json' },
  });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
}

/**
 * `next start` on the database, in its own process group, as `npm start` (scripts/start.mjs)
 * runs it: with the origin it reaches itself at, so the explorer's page cache is on unless the
 * environment says JOULEBENCH_PAGE_CACHE=0. Resolves once /api/health answers.
 */
export async function startServer(
  dbFile: string,
  token?: string,
): Promise<{ base: string; server: ChildProcess; stop: () => void }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(
    path.join(ROOT, 'node_modules', '.bin', 'next'),
    ['start', '-p', String(port), '-H', '127.0.0.1'],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        JOULEBENCH_DB: dbFile,
        JOULEBENCH_DEMO: '0',
        NEXT_TELEMETRY_DISABLED: '1',
        JOULEBENCH_SELF_ORIGIN: base,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
      detached: true,
    },
  );
  const stop = () => {
    try {
      process.kill(-server.pid!, 'SIGTERM');
    } catch {
      server.kill('SIGTERM');
    }
  };
  for (let i = 0; ; i++) {
    if ((await get(base, '/api/health', token)).status === 200) break;
    if (i > 600) {
      stop();
      throw new Error('server did not start');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { base, server, stop };
}
