import fs from 'node:fs';
import { openDb } from '@/db/client';
import { withWriteCache } from '@/db/write-cache';
import { createStudy } from '@/db/queries/studies';
import { recordToValues, RUN_COLUMN_PROPS } from '@/db/mappers/run-row';
import { runInsertSql } from '@/db/queries/runs/insert';
import { syntheticRuns } from './bench/synthetic-runs';
async function main() {
  process.env.JOULEBENCH_DEMO = '0';
  const N = Number(process.argv[2]);
  const lean = process.argv[3] === 'lean';
  const file = `/tmp/lean-${process.argv[3]}.db`;
  for (const s of ['', '-wal', '-shm']) fs.rmSync(file + s, { force: true });
  const db = openDb(file);
  const study = createStudy(db, { name: 'b' });
  const DOC = (RUN_COLUMN_PROPS as readonly string[]).indexOf('doc');
  const rows = [...syntheticRuns(N)].map((r) => {
    const v = recordToValues(r, study.id, null, null).values;
    if (lean) {
      const d = JSON.parse(v[DOC] as string);
      delete d.label; delete d.created_at; delete d.measured_at;
      delete d.source.kind; delete d.source.format; delete d.model.id; delete d.hardware.gpu_model;
      delete d.hardware.gpu_count; delete d.hardware.simulated; delete d.engine.name;
      v[DOC] = JSON.stringify(d);
    }
    return v;
  });
  const ins = db.$client.prepare(runInsertSql());
  const t = performance.now();
  let tc = 0;
  withWriteCache(db, () => { db.$client.exec('BEGIN'); for (const v of rows) ins.run(v); tc = performance.now(); db.$client.exec('COMMIT'); });
  const ms = performance.now() - t;
  db.$client.close();
  const closed = performance.now() - t;
  console.log(process.argv[3], N, (ms / 1000).toFixed(1), 's (commit', ((t + ms - tc) / 1000).toFixed(1), 's, close', ((closed - ms) / 1000).toFixed(1), 's)', Math.round(N / (ms / 1000)), 'runs/s', 'file MB', (fs.statSync(file).size / 1e6).toFixed(0));
  for (const s of ['', '-wal', '-shm']) fs.rmSync(file + s, { force: true });
}
main();
