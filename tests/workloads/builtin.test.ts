/** The shipped Azure 2023 traces: counts, span, order and attribution, as a clean checkout has them. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTINS, loadBuiltin, tracesDir } from '@/lib/workloads/builtin';
import { loadTraceArg } from '@/lib/workloads/load';

describe('built-in workloads', () => {
  it.each([
    ['azure-conv-2023', 19_366, 3501.721937],
    ['azure-code-2023', 8_819, 3435.948056],
  ])('%s has %i requests over ~1 h, sorted, with lengths >= 1', (name, count, durationS) => {
    const w = loadBuiltin(name)!;
    expect(w.ref).toBe(`builtin:${name}`);
    expect(w.requests).toHaveLength(count);
    expect(w.durationS).toBeCloseTo(durationS, 6);
    expect(w.startedAt).toMatch(/^2023-11-16T18:1/);
    expect(w.requests.every((r, i) => i === 0 || r.atS >= w.requests[i - 1].atS)).toBe(true);
    expect(w.requests.every((r) => r.inputTokens >= 1 && r.outputTokens >= 1)).toBe(true);
    expect(BUILTINS.find((b) => b.name === name)!.requestCount).toBe(count);
  });

  it('carries the CC-BY attribution (Splitwise, ISCA 2024) and the source repository', () => {
    for (const b of BUILTINS) {
      const w = loadBuiltin(b.name)!;
      expect(w.attribution!.text).toMatch(
        /Azure LLM inference trace 2023, CC-BY 4\.0; Patel et al\., .*Splitwise.*ISCA 2024/,
      );
      expect(w.attribution!.license).toBe('CC-BY-4.0');
      expect(w.attribution!.url).toContain('github.com/Azure/AzurePublicDataset');
      // The source note ships next to the data.
      const note = fs.readFileSync(path.join(tracesDir(), `${b.file}.source.txt`), 'utf8');
      expect(note).toContain('CC-BY 4.0');
      expect(w.attribution!.url).toContain(note.match(/commit ([0-9a-f]{40})/)![1]);
    }
  });

  it('the first conversation request matches the CSV', () => {
    const r = loadBuiltin('azure-conv-2023')!.requests;
    expect(r[0]).toEqual({ atS: 0, inputTokens: 374, outputTokens: 44 });
    expect(r[1]).toEqual({ atS: 4.314579, inputTokens: 396, outputTokens: 109 });
    expect(r[r.length - 1]).toEqual({ atS: 3501.721937, inputTokens: 197, outputTokens: 183 });
  });

  it('the CLI resolves builtin:NAME and refuses unknown names listing the known ones', () => {
    expect(loadTraceArg('builtin:azure-code-2023').requests).toHaveLength(8819);
    expect(() => loadTraceArg('builtin:nope')).toThrow(
      /no built-in workload "builtin:nope" \(built-in: builtin:azure-conv-2023, builtin:azure-code-2023\)/,
    );
    expect(() => loadTraceArg('/nonexistent/trace.csv')).toThrow('/nonexistent/trace.csv: cannot read trace (ENOENT)');
  });
});
