/**
 * Detection by content signature: every fixture (and every real sample when ../shared/samples is
 * there) is accepted by exactly one importer. A file that two importers accept is a detection bug
 * (the wrong one may win on a file we have not seen), so this test fails on it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectAll, IMPORTERS } from '@/lib/importers';
import { confidenceOf } from '@/lib/importers/detect';
import type { Importer } from '@/lib/importers/types';
import { FIXTURES, HAVE_SAMPLES, SAMPLES } from './helpers';

function filesUnder(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .map(String)
    .filter((f) => !f.endsWith('.source.txt') && fs.statSync(path.join(dir, f)).isFile());
}

const isGeneric = (f: string) => /^generic/.test(f) || f.startsWith('traces/');
/** Malformed files that are not recognisable at all (empty, binary, unknown): no importer may take them. */
const UNRECOGNISABLE = /^malformed\/(01_empty|02_whitespace|12_binary|13_nul|14_unknown|15_plain)/;

describe('detection conflicts', () => {
  const sets: [string, string][] = [
    ...filesUnder(FIXTURES).map((f) => [FIXTURES, f] as [string, string]),
    ...(HAVE_SAMPLES ? filesUnder(SAMPLES).map((f) => [SAMPLES, f] as [string, string]) : []),
  ];

  it('covers every fixture, layout variants included', () => {
    expect(sets.filter(([d, f]) => d === FIXTURES && f.startsWith('layouts/')).length).toBeGreaterThanOrEqual(12);
  });

  it.each(sets.filter(([, f]) => !isGeneric(f)).map(([d, f]) => [path.basename(d), f, d]))(
    '%s/%s: exactly one importer accepts it',
    (_label, f, dir) => {
      const text = fs.readFileSync(path.join(dir, f), 'latin1');
      const hits = detectAll(text, 'x.dat').map((c) => c.importer.id);
      if (UNRECOGNISABLE.test(f)) expect(hits).toEqual([]);
      else expect(hits, `${f} is accepted by ${hits.join(', ') || 'nothing'}`).toHaveLength(1);
    },
  );
});

describe('confidence', () => {
  const fake = (detect: Importer['detect'], confidence?: number): Importer => ({
    id: 'fake',
    label: 'fake',
    detect,
    confidence,
    parse: () => ({ runs: [], warnings: [] }),
  });
  it("true means the importer's confidence; numbers are clamped to (0, 1]; a throwing detector is 0", () => {
    expect(
      confidenceOf(
        fake(() => true, 0.8),
        '',
        '',
      ),
    ).toBe(0.8);
    expect(
      confidenceOf(
        fake(() => true),
        '',
        '',
      ),
    ).toBe(0.5);
    expect(
      confidenceOf(
        fake(() => 3),
        '',
        '',
      ),
    ).toBe(1);
    expect(
      confidenceOf(
        fake(() => false, 0.9),
        '',
        '',
      ),
    ).toBe(0);
    expect(
      confidenceOf(
        fake(() => {
          throw new Error('x');
        }, 0.9),
        '',
        '',
      ),
    ).toBe(0);
  });
  it('every importer declares how specific its signature is; self-describing formats rank above key-name signatures', () => {
    for (const i of IMPORTERS) expect(i.confidence, i.id).toBeGreaterThan(0);
    const c = (id: string) => IMPORTERS.find((i) => i.id === id)!.confidence!;
    expect(c('joulebench')).toBeGreaterThan(c('vllm-serve'));
    expect(c('aiperf-json')).toBeGreaterThan(c('genai-perf-json'));
    expect(c('mlperf-summary')).toBeGreaterThan(c('generic'));
  });
  it('the most confident importer wins, and the preview says what else matched', () => {
    // An AIPerf export carries GenAI-Perf's metric objects too: only AIPerf accepts it.
    const aiperf = fs.readFileSync(path.join(FIXTURES, 'layouts/aiperf/v0.11/profile_export_aiperf.json'), 'utf8');
    expect(detectAll(aiperf, 'a.json').map((x) => x.importer.id)).toEqual(['aiperf-json']);
  });
});
