/**
 * Regenerates the simulated clock-sweep demo study (db/demo/sim-h100-clock-sweep.json.gz) from the
 * simulated device in virtual time. Deterministic: the same code gives the same file, byte for byte.
 *   npx tsx scripts/gen-sim-demo.ts          (about two minutes on one core)
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { SIM_DEMO_GPU, SIM_DEMO_GRID, simDemoPoints, simulateDemoPoint } from '@/lib/runner/sim/demo-study';
import { COLUMNS, encodeRow, SIM_DEMO_FILE, type SimDemoFile } from '@/lib/runner/sim/demo-file';

const rows: number[][] = [];
const t0 = Date.now();
for (const p of simDemoPoints()) {
  rows.push(encodeRow(p, simulateDemoPoint(p)));
  if (rows.length % 200 === 0)
    process.stderr.write(`${rows.length} points, ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
}
const file: SimDemoFile = {
  generator: 'scripts/gen-sim-demo.ts (lib/runner/sim/demo-study.ts, virtual time)',
  gpu: SIM_DEMO_GPU,
  note: 'Simulated: every value comes from the simulated device (lib/runner/sim), not from a GPU.',
  models: SIM_DEMO_GRID.models.map((m) => m.id),
  mixes: SIM_DEMO_GRID.mixes,
  columns: [...COLUMNS],
  rows,
};
const json = JSON.stringify(file).replace(/\],\[/g, '],\n[');
const dest = path.join(__dirname, '..', 'db', 'demo', SIM_DEMO_FILE);
fs.writeFileSync(dest, zlib.gzipSync(json, { level: 9 }));
console.log(
  `wrote ${rows.length} runs to ${dest} (${fs.statSync(dest).size} bytes gzipped, ${json.length} raw) in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
);
