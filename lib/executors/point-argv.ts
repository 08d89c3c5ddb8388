/**
 * The argv a sweep point runs: the inference server's (the simulated GPU host, the vLLM/SGLang
 * preset of lib/runner/server/template.ts, or a custom template) and the harness's
 * (`joulebench measure ... --json`), and the GPUs the point uses.
 */
import path from 'node:path';
import type { PointSpec } from './point-spec';
import { fillTemplate, PRESETS, type SweepPlaceholder } from '@/lib/runner/server/template';
import { env, repoRoot } from '@/lib/env';

/** argv of the inference server for this point; placeholders are replaced token by token. */
export function serverArgv(spec: PointSpec, port: number): string[] {
  const { tp, max_num_seqs } = spec.serverKnobs;
  const s = spec.server;
  switch (s.kind) {
    case 'sim': {
      // the simulated GPU host (sim-server that survives the job's SIGTERM, see sim-host.ts)
      const a = [
        spec.harness.node,
        simHostEntry(),
        '--port',
        String(port),
        '--gpu',
        spec.gpu,
        '--model',
        spec.model,
        '--time-scale',
        String(spec.timeScale),
      ];
      if (max_num_seqs !== undefined) a.push('--max-num-seqs', String(max_num_seqs));
      if (tp !== undefined) a.push('--tp', String(tp));
      return a;
    }
    case 'vllm':
    case 'sglang': {
      // The same preset as `joulebench measure --server-cmd vllm|sglang`; unset knobs are left out.
      const vals = { model: spec.model, host: '127.0.0.1', port, tp, max_num_seqs };
      return [...fillTemplate(PRESETS[s.kind], vals, { omitUnsetFlags: true }), ...(s.extra_args ?? [])];
    }
    case 'custom': {
      // Every placeholder was checked when the sweep was defined (lib/sweeps/spec.ts); refuse again
      // rather than pass one through literally.
      const vals: Record<SweepPlaceholder, string | number | undefined> = {
        model: spec.model,
        port,
        tp: tp ?? 1,
        max_num_seqs: max_num_seqs ?? 256,
        host: '127.0.0.1',
        gpus: pointGpus(spec)?.join(','),
      };
      return fillTemplate(s.argv, vals, {
        missing: (k) => `placeholder {${k}} in the server argv has no value for this point`,
      });
    }
    case 'endpoint':
      throw new Error('endpoint has no server argv');
  }
}

export function simHostEntry(): string {
  return path.join(repoRoot(), 'lib', 'executors', 'sim-host-entry.cjs');
}

/**
 * The GPUs of this point on a real host: the ones the scheduler gave the job (Slurm sets
 * CUDA_VISIBLE_DEVICES from the gres allocation), else the first TP GPUs. Undefined on the
 * simulated device (it exposes exactly its TP devices). Knobs, sampling and the record use them.
 */
export function pointGpus(
  spec: PointSpec,
  source: Record<string, string | undefined> = process.env,
): number[] | undefined {
  if (spec.simulated) return undefined;
  const vis = env('CUDA_VISIBLE_DEVICES', source);
  if (vis && /^\d+(,\d+)*$/.test(vis)) return vis.split(',').map(Number);
  return Array.from({ length: spec.serverKnobs.tp ?? 1 }, (_, i) => i);
}

/** argv of `joulebench measure` (the harness CLI contract). */
export function harnessArgv(spec: PointSpec, endpoint: string, restoreFile?: string): string[] {
  const m = spec.measure;
  const a = [
    spec.harness.node,
    spec.harness.entry,
    'measure',
    '--endpoint',
    endpoint,
    '--model',
    spec.model,
    '--requests',
    String(m.requests),
  ];
  if (m.concurrency !== undefined) a.push('--concurrency', String(m.concurrency));
  else if (m.rate !== undefined) a.push('--rate', String(m.rate));
  a.push('--input-len', String(m.input_len), '--output-len', String(m.output_len));
  const power = m.power ?? (spec.simulated ? 'nvidia-smi' : 'auto');
  a.push('--power', power);
  if (spec.harness.nvidiaSmi) a.push('--nvidia-smi', spec.harness.nvidiaSmi);
  const gpus = pointGpus(spec);
  if (gpus) a.push('--gpu', gpus.join(','));
  const { tp, max_num_seqs } = spec.serverKnobs;
  if (tp !== undefined) a.push('--tp', String(tp));
  if (max_num_seqs !== undefined) a.push('--max-num-seqs', String(max_num_seqs));
  if (spec.server.kind === 'vllm' || spec.server.kind === 'sglang') a.push('--engine', spec.server.kind);
  // The sweep's GPU name, for the record when neither nvidia-smi nor NVML names the card.
  if (!spec.simulated && spec.gpu) a.push('--gpu-model', spec.gpu);
  if (m.sm_clock_mhz !== undefined) a.push('--sm-clock', String(m.sm_clock_mhz));
  if (m.power_limit_w !== undefined) a.push('--power-limit', String(m.power_limit_w));
  if (restoreFile) a.push('--restore-file', restoreFile);
  a.push('--json');
  return a;
}
