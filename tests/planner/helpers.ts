/** Planner test helpers: the simulated demo study's runs as lib/configs reads them (no database). */
import { simDemoRecords } from '@/db/demo-sim';
import type { KnobValue, RunForConfig } from '@/lib/configs/types';
import type { RunRecord } from '@/lib/record/schema';

let cache: RunRecord[] | null = null;

export function demoRuns(model: string): RunForConfig[] {
  cache ??= simDemoRecords({ validate: false });
  return cache
    .filter((r) => r.model.id === model)
    .map((r, i) => {
      const knobs = r.knobs as Record<string, KnobValue>;
      return {
        id: i + 1,
        model: r.model.id,
        gpu: r.hardware.gpu_model,
        gpuCount: r.hardware.gpu_count,
        engine: r.engine.name,
        engineVersion: r.engine.version ?? null,
        simulated: true,
        knobs,
        dataset: (r.workload?.dataset as string) ?? null,
        metrics: r.metrics as RunForConfig['metrics'],
        inLen: knobs.input_len as number,
        outLen: knobs.output_len as number,
      };
    });
}
