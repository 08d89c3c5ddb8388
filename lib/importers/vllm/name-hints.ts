/** Knobs a vLLM result file name implies (bench throughput/latency write no TP of their own). */
import { hintsFromName } from '../common';

export function nameHints(name: string, knobs: Record<string, unknown>, warnings: string[]) {
  const h = hintsFromName(name);
  if (h.tp && knobs.tp === undefined) {
    knobs.tp = h.tp;
    warnings.push(`tp=${h.tp} inferred from the file name`);
  }
}
