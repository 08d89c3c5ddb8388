import fs from 'node:fs';
import path from 'node:path';
import type { ImportFile } from '@/lib/importers/types';

export const SAMPLES = path.resolve(__dirname, '../../../shared/samples');
export const HAVE_SAMPLES = fs.existsSync(SAMPLES);
/** Real-sample tests skip only outside CI: with CI=true a missing ../shared/samples fails them. */
export const SKIP_SAMPLES = !HAVE_SAMPLES && process.env.CI !== 'true';
export const FIXTURES = path.resolve(__dirname, '../fixtures/importers');

export function load(dir: string, ...names: string[]): (ImportFile & { data: Uint8Array })[] {
  return names.map((n) => ({ name: n, data: new Uint8Array(fs.readFileSync(path.join(dir, n))) }));
}
export const sample = (...names: string[]) => load(SAMPLES, ...names);
export const fixture = (...names: string[]) => load(FIXTURES, ...names);
export const readJson = (dir: string, name: string) => JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
export const NOW = '2025-01-01T00:00:00.000Z';
