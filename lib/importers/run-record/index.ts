/** Joulebench run records (JSON object, JSON array, or JSONL), so export -> import round-trips. */
import { JsonLimitError, parseJsonLimited } from '@/lib/json-limits';
import { runRecordSchema, formatIssues, type RunRecord } from '@/lib/record/schema';
import { deriveMetrics } from '@/lib/metrics/catalogue';
import type { Importer } from '../types';
import { ImportError } from '../types';

function looksLikeRecord(v: unknown): boolean {
  return !!v && typeof v === 'object' && 'schema_version' in v && 'metrics' in v && 'hardware' in v;
}

export const runRecordImporter: Importer = {
  id: 'joulebench',
  confidence: 1.0,
  label: 'Joulebench run records (JSON/JSONL)',
  detect(text) {
    const head = text.trimStart().slice(0, 2000);
    return /"schema_version"\s*:\s*1/.test(head) && head.includes('"hardware"');
  },
  parse(text, ctx) {
    const trimmed = text.trim();
    const items: { value: unknown; where: string }[] = [];
    if (trimmed.startsWith('[')) {
      let arr: unknown;
      try {
        arr = parseJsonLimited(trimmed);
      } catch (e) {
        throw new ImportError(
          ctx.name,
          undefined,
          e instanceof JsonLimitError ? e.message : `invalid JSON: ${(e as Error).message}`,
        );
      }
      if (!Array.isArray(arr)) throw new ImportError(ctx.name, undefined, 'expected an array of run records');
      arr.forEach((value, i) => items.push({ value, where: `item ${i}` }));
    } else {
      // One object, or JSON Lines.
      try {
        items.push({ value: parseJsonLimited(trimmed), where: 'line 1' });
      } catch (e) {
        if (e instanceof JsonLimitError) throw new ImportError(ctx.name, undefined, e.message);
        const lines = text.split(/\r?\n/);
        lines.forEach((line, i) => {
          if (!line.trim()) return;
          try {
            items.push({ value: parseJsonLimited(line), where: `line ${i + 1}` });
          } catch (e) {
            throw new ImportError(
              ctx.name,
              `line ${i + 1}`,
              e instanceof JsonLimitError ? e.message : `invalid JSON: ${(e as Error).message}`,
            );
          }
        });
      }
    }
    if (!items.length) throw new ImportError(ctx.name, undefined, 'no run records in file');
    const runs: RunRecord[] = items.map(({ value, where }) => {
      if (!looksLikeRecord(value))
        throw new ImportError(ctx.name, where, 'not a Joulebench run record (schema_version, hardware, metrics)');
      const r = runRecordSchema.safeParse(value);
      if (!r.success) throw new ImportError(ctx.name, where, formatIssues(r.error.issues));
      const { id: _id, study_id: _s, ...rec } = r.data;
      const { metrics, derived } = deriveMetrics({ metrics: rec.metrics, workload: rec.workload });
      return { ...rec, metrics, derived: [...new Set([...(rec.derived ?? []), ...derived])] } as RunRecord;
    });
    return { runs, warnings: [] };
  },
};
