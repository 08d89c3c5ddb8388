/**
 * Converts the published ML.ENERGY leaderboard v3 task file (lm-arena-chat) into the committed
 * demo data file db/demo/ml-energy-v3-lm-arena-chat.json (compact rows + attribution).
 * Run once: npx tsx scripts/convert-ml-energy-demo.ts ../shared/samples/ml-energy/v3_tasks_lm-arena-chat.json
 */
import fs from 'node:fs';
import path from 'node:path';

const src = process.argv[2];
if (!src) throw new Error('usage: convert-ml-energy-demo.ts <v3_tasks_lm-arena-chat.json>');
const data = JSON.parse(fs.readFileSync(src, 'utf8')) as {
  task: string;
  task_display_name: string;
  configurations: Record<string, unknown>[];
};
const rows = data.configurations.map((c) => ({
  model_id: c.model_id,
  nickname: c.nickname,
  total_params_b: c.total_params_billions,
  active_params_b: c.activated_params_billions,
  precision: c.weight_precision,
  architecture: c.architecture,
  gpu_model: c.gpu_model,
  num_gpus: c.num_gpus,
  max_num_seqs: c.max_num_seqs,
  tp: c.tensor_parallel,
  dp: c.data_parallel,
  ep: c.expert_parallel,
  energy_per_output_token_j: c.energy_per_token_joules,
  energy_per_request_j: c.energy_per_request_joules,
  avg_power_w: c.avg_power_watts,
  output_throughput_tps: c.output_throughput_tokens_per_sec,
  itl_ms_p50: c.median_itl_ms,
  itl_ms_p90: c.p90_itl_ms,
  itl_ms_p95: c.p95_itl_ms,
  itl_ms_p99: c.p99_itl_ms,
  avg_batch_size: c.avg_batch_size,
  avg_output_len: c.avg_output_len,
}));
const out = {
  task: data.task,
  task_display_name: data.task_display_name,
  attribution: {
    source: 'ML.ENERGY Leaderboard v3 (measured with Zeus / NVML energy counters, vLLM)',
    repo: 'https://github.com/ml-energy/leaderboard',
    path: 'public/data/tasks/lm-arena-chat.json',
    commit: '0cd52dab897c5d91a45f4d413038f3b8b4251b0f',
    license: 'see the ML.ENERGY leaderboard repository',
    converted_by: 'scripts/convert-ml-energy-demo.ts (key renames only; values unchanged)',
  },
  rows,
};
const dest = path.join(__dirname, '..', 'db', 'demo', 'ml-energy-v3-lm-arena-chat.json');
fs.writeFileSync(dest, JSON.stringify(out) + '\n');
console.log(`wrote ${rows.length} rows to ${dest}`);
