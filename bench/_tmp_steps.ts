import { openDb } from '@/db/client';
import { computeExplorerView } from '@/lib/explore/compute';
import { parseViewState } from '@/lib/explore/state';
const db = openDb(process.argv[2]);
const q = (s: string) => parseViewState(new URLSearchParams(s)).state;
computeExplorerView(db, q('study=1&slo.tpot_ms_p99=77'));
const acc = new Map<string, number>();
for (let i = 0; i < 20; i++) {
  computeExplorerView(db, q(`study=1&slo.tpot_ms_p99=${(30 + i * 5.3).toFixed(2)}`));
  const T = (globalThis as any).__T as [string, number][];
  for (let k = 1; k < T.length; k++) acc.set(T[k][0], (acc.get(T[k][0]) ?? 0) + T[k][1] - T[k - 1][1]);
}
for (const [k, v] of acc) console.log('until', k.padEnd(14), (v / 20).toFixed(1), 'ms');
console.log(JSON.stringify(q('study=1')).slice(0, 300));
