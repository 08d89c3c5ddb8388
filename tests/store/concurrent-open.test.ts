/**
 * `npm start` opens the database from two processes at once (web server and worker). On a fresh
 * file both migrate and both try to seed the demo: neither may crash, and the demo studies are seeded once.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb } from '@/db/client';

const ROOT = path.resolve(__dirname, '../..');
const open = (file: string) =>
  new Promise<{ code: number | null; err: string }>((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', '-e', "require('./db/client').getDb(); console.log('ok')"], {
      cwd: ROOT,
      env: { ...process.env, JOULEBENCH_DB: file, JOULEBENCH_DEMO: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    p.stderr.on('data', (d) => (err += d));
    p.on('exit', (code) => resolve({ code, err }));
  });

describe('two processes opening a fresh database together', () => {
  it('both succeed; the demo study is seeded exactly once', async () => {
    for (let round = 0; round < 3; round++) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jb-concurrent-'));
      const file = path.join(dir, 'j.db');
      const [a, b] = await Promise.all([open(file), open(file)]);
      expect(a, a.err).toMatchObject({ code: 0 });
      expect(b, b.err).toMatchObject({ code: 0 });
      const db = openDb(file);
      const n = db.$client.prepare('SELECT count(*) AS n FROM studies WHERE is_demo = 1').get() as { n: number };
      expect(n.n).toBe(2); // the ML.ENERGY study and the simulated clock sweep, each once
      const runs = db.$client.prepare('SELECT count(*) AS n FROM runs').get() as { n: number };
      expect(runs.n).toBe(328 + 1728);
      db.$client.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
