/** Writes docs/metrics.md from the metric catalogue (`npx tsx scripts/gen-metrics-doc.ts`). A test checks it is current. */
import fs from 'node:fs';
import path from 'node:path';
import { METRICS } from '@/lib/metrics/catalogue';

export function metricsDoc(): string {
  const lines = [
    '# Metric glossary',
    '',
    '<!-- Generated from lib/metrics/catalogue.ts by scripts/gen-metrics-doc.ts. Do not edit by hand. -->',
    '',
    'Every metric a run record can carry (`metrics.<key>`), with its unit, which direction is better,',
    'a one-line definition (shown in the UI next to every metric label), and how Joulebench derives it',
    'when the source does not report it. Derivations run in one place (`deriveMetrics` in',
    '`lib/metrics/catalogue.ts`) and only when every input is present: **missing stays missing, never 0**.',
    'Each run lists the keys that were derived rather than measured in `derived`.',
    '',
    'Percentile suffixes: `_mean`, `_p50` (median), `_p90`, `_p95`, `_p99`. TPOT excludes the first token',
    '(vLLM definition); ITL is computed over all inter-token gaps of all requests.',
    '',
    '**Per output token vs per token.** `energy_per_output_token_j` divides by generated tokens only;',
    '`energy_per_token_j` divides by input + output tokens. On an 8k-in/1k-out workload the first is ~9x',
    'the second. Throughput likewise: `output_throughput_tps` excludes input tokens, `total_throughput_tps`',
    'includes them.',
    '',
  ];
  for (const group of ['energy', 'throughput', 'latency', 'run'] as const) {
    lines.push(
      `## ${group[0].toUpperCase()}${group.slice(1)}`,
      '',
      '| key | label | unit | better | definition | derived from |',
      '|---|---|---|---|---|---|',
    );
    for (const m of METRICS.filter((x) => x.group === group)) {
      lines.push(
        `| \`${m.key}\` | ${m.label} | ${m.unit} | ${m.direction} | ${m.definition.replace(/\|/g, '\\|')} | ${m.derivation ? `\`${m.derivation}\`` : '—'} |`,
      );
    }
    lines.push('');
  }
  lines.push(
    '## Display units',
    '',
    'The explorer converts energy-per-token axes to kWh per 1M tokens (`J x 1e6 / 3.6e6`), gCO2e per 1M',
    'tokens (x grid intensity in gCO2e/kWh, configurable) and cost per 1M tokens (x price per kWh,',
    'configurable); see `convertEnergyPerToken`.',
    '',
    '## Repeats, intervals and fitted values',
    '',
    'Runs with the same model, GPU (and count), engine (and version), knobs and workload are repeats of',
    'one **configuration**. For each metric a configuration reports `n`, the mean, the sample standard',
    'deviation and a 95% interval for the mean (Student t for n >= 2; a seeded percentile bootstrap for',
    'the energy-per-token/request and kWh ratios once n >= 8). One run has no interval: "single run: no',
    'estimate of noise". Values computed from a fitted model (`E(in, out) = a*in + b*out + c*in*out`,',
    '`y0 + k*(f/f_ref)^g` over SM clocks) are flagged `predicted: true` and carry a 95% prediction',
    'interval; they are never stored as run metrics. Details, in plain words: [models.md](models.md).',
    '',
  );
  return lines.join('\n');
}

if (process.argv[1]?.endsWith('gen-metrics-doc.ts')) {
  const out = path.join(process.cwd(), 'docs', 'metrics.md');
  fs.writeFileSync(out, metricsDoc());
  console.log(`wrote ${out}`);
}
