/** Corpus of malformed files: each fails with a message naming the file and a reason; nothing is written. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import { expandArchives, parseFiles } from '@/lib/importers';
import { ImportError } from '@/lib/importers/types';
import { openDb } from '@/db/client';
import { countRuns } from '@/db/queries/runs';
import { importUpload } from '@/lib/services/import';
import { FIXTURES, fixture } from './helpers';

const DIR = path.join(FIXTURES, 'malformed');
const NAMES = fs.readdirSync(DIR).sort();

describe('malformed corpus', () => {
  it('has at least 30 files', () => expect(NAMES.length).toBeGreaterThanOrEqual(30));

  it.each(NAMES)('%s fails with the file name and a reason', (name) => {
    const files = [{ name, data: new Uint8Array(fs.readFileSync(path.join(DIR, name))) }];
    let err: unknown;
    try {
      parseFiles(files);
    } catch (e) {
      err = e;
    }
    expect(err, `${name} should fail`).toBeInstanceOf(ImportError);
    const e = err as ImportError;
    expect(e.message.startsWith(name)).toBe(true);
    expect(e.reason.length).toBeGreaterThan(8);
  });

  it('errors name the line or key where possible', () => {
    const msg = (n: string) => {
      try {
        parseFiles(fixture(`malformed/${n}`));
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    };
    expect(msg('04_vllm_string_duration.json')).toMatch(/\(duration\): expected a number/);
    expect(msg('05_vllm_negative_completed.json')).toMatch(/completed.*negative/);
    expect(msg('06_vllm_nan_ttft.json')).toMatch(/mean_ttft_ms.*NaN/);
    expect(msg('09_vllm_bad_second_object.json')).toMatch(/object 2 at line 2.*output_throughput/);
    expect(msg('16_sglang_bad_line.jsonl')).toMatch(/line 2/);
    expect(msg('03_truncated_vllm.json')).toMatch(/truncated JSON/);
    expect(msg('32_mlperf_spl_bad_watts.txt')).toMatch(/line 2: Watts/);
    expect(msg('25_ml_energy_v1_bad_energy.csv')).toMatch(/line 2: energy/);
    expect(msg('12_binary_garbage.json')).toMatch(/binary|UTF-8|NUL/);
    expect(msg('14_unknown_format.json')).toMatch(/unrecognised format/);
  });

  it('a corrupt zip fails clearly', () => {
    const zip = zipSync({ 'a.json': new TextEncoder().encode('{}') });
    const bad = zip.slice(0, zip.length - 10);
    bad[bad.length - 1] ^= 0xff;
    expect(() => expandArchives([{ name: 'bad.zip', data: bad }])).toThrow(/bad\.zip/);
  });

  it('an upload with one bad file writes nothing (one transaction, all or nothing)', () => {
    const db = openDb(':memory:');
    const files = [...fixture('vllm_append.json'), ...fixture('malformed/05_vllm_negative_completed.json')];
    expect(() => importUpload(db, files, { studyName: 'x' })).toThrow(/05_vllm_negative_completed\.json/);
    expect(countRuns(db)).toBe(0);
  });

  it('skipInvalid (UI "import the valid files", CLI --skip-invalid): the valid files commit, the refused are listed with their reason', () => {
    const file = path.join(os.tmpdir(), `jb-skip-invalid-${process.pid}-${Date.now()}.db`);
    const db = openDb(file);
    try {
      const files = [...fixture('vllm_append.json'), ...fixture('malformed/05_vllm_negative_completed.json')];
      const res = importUpload(db, files, { studyName: 'x', skipInvalid: true });
      expect(res.inserted).toBe(2);
      expect(countRuns(db)).toBe(2);
      expect(res.refused).toEqual([
        expect.objectContaining({
          name: 'malformed/05_vllm_negative_completed.json',
          where: 'completed',
          reason: expect.stringMatching(/negative value/),
        }),
      ]);
      expect(res.files.map((f) => f.name)).toEqual(['vllm_append.json']);
    } finally {
      fs.rmSync(file, { force: true });
    }
  });
});
