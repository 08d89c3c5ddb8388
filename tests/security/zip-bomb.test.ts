/**
 * Issue 10 item 4: a 1 MB zip holding 1 GiB of zeros used to block the server for ~20 s
 * (synchronous inflate up to the 200 MB limit). Now declared sizes and ratios are checked before
 * anything is inflated (413 at once), an entry may not inflate beyond what it declares, and the
 * server's expansion runs in slices, so other requests (GET /api/health) keep being answered.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as health } from '@/app/api/health/route';
import type { DB } from '@/db/client';
import { expandArchives, expandArchivesAsync, ZipLimitError } from '@/lib/importers/files';
import { freshProcessDb, ORIGIN, principalFixture } from '../auth/helpers';
import { zipOfZeros } from '../helpers/zip-bomb';

const MB = 1024 * 1024;
let db: DB;
let engineer: string;
let imports: typeof import('@/app/api/imports/route');
beforeAll(async () => {
  db = freshProcessDb('zip-bomb');
  engineer = principalFixture(db, 'bomb-engineer', 'engineer').token;
  imports = await import('@/app/api/imports/route');
});

function upload(name: string, data: Uint8Array) {
  const fd = new FormData();
  fd.append('files', new Blob([data as Uint8Array<ArrayBuffer>]), name);
  fd.append('dryRun', '1');
  return imports.POST(
    new Request(`${ORIGIN}/api/imports`, {
      method: 'POST',
      body: fd,
      headers: { authorization: `Bearer ${engineer}` },
    }),
  );
}

/** Runs `work` while a 5 ms timer ticks; returns the longest gap between ticks (event-loop stall). */
async function longestStall<T>(work: () => Promise<T>): Promise<{ stallMs: number; result: PromiseSettledResult<T> }> {
  let last = performance.now();
  let worst = 0;
  const t = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 5);
  const [result] = await Promise.allSettled([work()]);
  clearInterval(t);
  return { stallMs: worst, result };
}

describe('zip bombs', () => {
  it('1 GiB of zeros in a ~1 MB zip: 413 naming the limit, before anything is inflated', async () => {
    const bomb = zipOfZeros({ mib: 1024 });
    expect(bomb.length).toBeLessThan(2 * MB);
    const t0 = performance.now();
    const res = await upload('bomb.zip', bomb);
    expect(res.status).toBe(413);
    expect((await res.json()).error.message).toMatch(
      /bomb\.zip: archive expands to more than 200 MB .*declares 1024 MB/,
    );
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('an archive that lies about its size is stopped at the size it declares (server and CLI paths)', async () => {
    const liar = zipOfZeros({ mib: 1024, declare: 1000 });
    await expect(expandArchivesAsync([{ name: 'liar.zip', data: liar }], { maxBytes: 200 * MB })).rejects.toThrow(
      /inflates beyond the 1000 bytes its directory declares/,
    );
    const small = zipOfZeros({ mib: 4, declare: 1000 });
    expect(() => expandArchives([{ name: 'liar.zip', data: small }], { maxBytes: 200 * MB })).toThrow(
      /inflates beyond the 1000 bytes its directory declares/,
    );
  });

  it('ordinary zips still expand on both paths, with the same names, sizes and hashes', async () => {
    const { zipSync } = await import('fflate');
    const enc = new TextEncoder();
    const zip = zipSync({
      'run/a.json': enc.encode('{"a": 1}'),
      'run/b.csv': enc.encode('x,y\n1,2\n'.repeat(1000)),
      '__MACOSX/._a.json': enc.encode('junk'),
    });
    const files = [{ name: 'batch.zip', data: zip }];
    const viaServer = await expandArchivesAsync(files, { maxBytes: MB });
    const viaCli = expandArchives(files, { maxBytes: MB });
    const strip = (fs: typeof viaCli) => fs.map((f) => ({ name: f.name, size: f.size, sha256: f.sha256 }));
    expect(strip(viaServer)).toEqual(strip(viaCli));
    expect(viaServer.map((f) => f.name)).toEqual(['batch/run/a.json', 'batch/run/b.csv']);
    expect(viaServer[1].size).toBe(8000);
  });

  it('a high compression ratio is refused even under the total limit', async () => {
    const res = await upload('dense.zip', zipOfZeros({ mib: 100 }));
    expect(res.status).toBe(413);
    expect((await res.json()).error.message).toMatch(/compression ratio \d+:1 is above 250:1/);
  });

  it('expansion on the server yields: a lying 1 GiB bomb never stalls the event loop, /api/health answers meanwhile', async () => {
    // Declares 190 MB (under the limit; ratio ~180:1, under 250:1) and holds 1 GiB: only the running counts stop it.
    const liar = zipOfZeros({ mib: 1024, declare: 190 * MB });
    const healthTimes: number[] = [];
    const { stallMs, result } = await longestStall(async () => {
      const p = expandArchivesAsync([{ name: 'liar.zip', data: liar }], { maxBytes: 200 * MB });
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        await new Promise((r) => setImmediate(r));
        expect(health().status).toBe(200);
        healthTimes.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, 20));
      }
      return p;
    });
    expect(result.status).toBe('rejected');
    expect((result as PromiseRejectedResult).reason).toBeInstanceOf(ZipLimitError);
    expect(Math.max(...healthTimes)).toBeLessThan(1000);
    console.log(
      `longest event-loop stall while inflating: ${stallMs.toFixed(0)} ms; slowest health: ${Math.max(...healthTimes).toFixed(1)} ms`,
    );
    expect(stallMs).toBeLessThan(250);
  });
});
