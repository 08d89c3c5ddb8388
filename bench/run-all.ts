/**
 * Every benchmark in bench/, one after another, each printing its own figures and its ratio to a
 * baseline measured in the same run. `npm run bench` uses sizes that finish in a few minutes on
 * 2 cores; `npm run bench -- --full` uses the sizes of the DESIGN targets (1M runs, 100 MB file).
 * The explorer load, explorer bundle, HTTP load and pages benchmarks need a production build
 * (`npm run build`) and are skipped without one.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const full = process.argv.includes('--full');
const ROOT = path.resolve(__dirname, '..');
const benches: [string, string[]][] = [
  ['store.ts', [full ? '1000000' : '100000']],
  ['frontier.ts', [full ? '100000,1000000' : '100000']],
  ['import.ts', full ? ['100', '100000', '300000'] : ['20', '20000', '50000']],
  ['loadgen.ts', ['512', '64']],
  ['sampler.ts', ['10', '100']],
  ['explorer-load.ts', ['10000']],
  ['explorer-bundle.ts', []],
  // runs, runs imported during the load, rate (req/s), seconds, sweep rates
  ['http-load.ts', full ? ['1000000', '10000', '25', '30', '50,100,200'] : ['100000', '10000', '25', '30', '50']],
  ['pages.ts', [full ? '1000000' : '100000']],
];
const NEEDS_BUILD = new Set(['explorer-load.ts', 'explorer-bundle.ts', 'http-load.ts', 'pages.ts']);

let failed = 0;
for (const [file, args] of benches) {
  if (NEEDS_BUILD.has(file) && !fs.existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) {
    console.log(`\n== ${file}: skipped (no production build; run npm run build)`);
    continue;
  }
  console.log(`\n== ${file} ${args.join(' ')}`);
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', file), ...args], {
    cwd: ROOT,
    stdio: 'inherit',
    env: process.env,
  });
  console.log(`   (${((Date.now() - t0) / 1000).toFixed(0)} s, exit ${r.status})`);
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
