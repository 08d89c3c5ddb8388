/** The `.commands` side file written next to vLLM nightly results (used to infer model/TP/GPU). */
import { isInfinite, isObj, num, posInt, str } from '../common';
import { readJson } from '../text';
import { ImportError, type Importer } from '../types';

/** Azure VM types seen in vLLM harness `.commands` files -> GPU model and count. */
const VM_GPUS: Record<string, [string, number]> = {
  standard_nd96asr_v4: ['A100-SXM4-40GB', 8],
  standard_nd96amsr_a100_v4: ['A100-SXM4-80GB', 8],
  standard_nd96isr_h100_v5: ['H100-SXM5-80GB', 8],
  standard_nd96isr_h200_v5: ['H200-SXM-141GB', 8],
  'p4d.24xlarge': ['A100-SXM4-40GB', 8],
  'p4de.24xlarge': ['A100-SXM4-80GB', 8],
  'p5.48xlarge': ['H100-SXM5-80GB', 8],
};

export interface CommandsMeta {
  kind: 'vllm-commands';
  model?: string;
  tp?: number;
  pp?: number;
  max_num_seqs?: number;
  request_rate?: number;
  dataset?: string;
  gpu_model?: string;
  gpu_count?: number;
  gpu_type?: string;
}

function flag(cmd: string, ...names: string[]): string | undefined {
  for (const n of names) {
    const m = new RegExp(`(?:^|\\s)${n.replace(/[-]/g, '\\-')}(?:=|\\s+)("[^"]*"|'[^']*'|\\S+)`).exec(cmd);
    if (m) return m[1].replace(/^["']|["']$/g, '');
  }
  return undefined;
}

/** `.commands` side file of the vLLM nightly harness: no runs, only facts for the join pass. */
export const vllmCommandsImporter: Importer = {
  id: 'vllm-commands',
  confidence: 0.9,
  label: 'vLLM harness .commands (server/client command lines; fills model/TP/GPU)',
  detect(text) {
    const h = text.slice(0, 3000);
    return /"(client_command|server_command)"\s*:/.test(h) && h.trimStart().startsWith('{');
  },
  parse(text, ctx) {
    const o = readJson(ctx.name, text);
    if (!isObj(o)) throw new ImportError(ctx.name, undefined, 'expected a JSON object');
    const cmd = `${str(o.server_command) ?? ''} ${str(o.client_command) ?? ''}`;
    const meta: CommandsMeta = { kind: 'vllm-commands' };
    meta.model = flag(cmd, '--model');
    const tp = flag(cmd, '--tensor-parallel-size', '-tp');
    if (tp) meta.tp = posInt(ctx.name, 'tensor-parallel-size', tp);
    const pp = flag(cmd, '--pipeline-parallel-size', '-pp');
    if (pp) meta.pp = posInt(ctx.name, 'pipeline-parallel-size', pp);
    const mns = flag(cmd, '--max-num-seqs');
    if (mns) meta.max_num_seqs = posInt(ctx.name, 'max-num-seqs', mns);
    const rr = flag(cmd, '--request-rate');
    if (rr && !isInfinite(rr)) meta.request_rate = num(ctx.name, 'request-rate', rr);
    meta.dataset = flag(cmd, '--dataset-name');
    const gt = str(o.gpu_type);
    if (gt) {
      meta.gpu_type = gt;
      const m = /^(.*?)\s*x\s*(\d+)$/i.exec(gt);
      const vm = VM_GPUS[(m ? m[1] : gt).toLowerCase()];
      if (vm) {
        meta.gpu_model = vm[0];
        meta.gpu_count = vm[1] * (m ? Number(m[2]) : 1);
      }
    }
    return {
      runs: [],
      meta,
      warnings: ['command file: no runs of its own; its model/TP/GPU fill the vLLM result uploaded with it'],
    };
  },
};
