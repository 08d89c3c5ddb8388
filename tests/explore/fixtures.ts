import { openDb, type DB } from '@/db/client';
import { insertRuns } from '@/db/queries/runs';
import { createStudy } from '@/db/queries/studies';
import type { RunRecord } from '@/lib/record/schema';

export interface Spec {
  model?: string;
  gpu?: string;
  sim?: boolean;
  knobs?: RunRecord['knobs'];
  metrics: RunRecord['metrics'];
}

export function rec(s: Spec, i: number): RunRecord {
  return {
    schema_version: 1,
    source: { kind: 'api' },
    label: `run ${i}`,
    created_at: '2025-01-01T00:00:00Z',
    model: { id: s.model ?? 'm1' },
    hardware: { gpu_model: s.gpu ?? 'H100', gpu_count: 1, simulated: s.sim ?? false },
    engine: { name: 'vllm' },
    knobs: s.knobs ?? {},
    workload: { dataset: `d${i}` },
    metrics: s.metrics,
  };
}

export function seeded(specs: Spec[], opts: { demo?: boolean } = {}): { db: DB; studyId: number; ids: number[] } {
  const db = openDb(':memory:');
  const study = createStudy(db, { name: 'test', isDemo: opts.demo ?? true });
  const { ids } = insertRuns(db, study.id, specs.map(rec), { dedupe: false });
  return { db, studyId: study.id, ids };
}
