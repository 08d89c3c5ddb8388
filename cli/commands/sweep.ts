/**
 * `joulebench sweep ...`: define, start, watch and cancel sweeps from the command line, against
 * the local database (JOULEBENCH_DB) or a dashboard (--server URL --token T, via /api/sweeps).
 * The worker (`joulebench worker`, or `npm start`) executes them.
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import { getDb } from '@/db/client';
import { cancelSweep, createSweep, listSweeps, retryPoints, sweepView, type SweepView } from '@/db/queries/sweeps';
import { estimateSweep, formatDuration } from '@/lib/sweeps/estimate';
import { knobLabel } from '@/lib/sweeps/grid';
import { parseSweepSpec } from '@/lib/sweeps/spec';
import { env } from '@/lib/env';
import { remoteJson as remote, type Remote } from '../remote';

function readSpec(file: string): Record<string, unknown> {
  let txt: string;
  try {
    txt = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`${file}: ${(e as Error).message}`);
  }
  try {
    return JSON.parse(txt);
  } catch (e) {
    throw new Error(`${file}: not valid JSON: ${(e as Error).message}`);
  }
}

function printView(v: SweepView) {
  process.stdout.write(
    `sweep ${v.id} "${v.name}" ${v.state}${v.simulated ? ' [SIMULATED]' : ''} executor=${v.executor} study=${v.studyId ?? '-'}\n`,
  );
  for (const p of v.points)
    process.stdout.write(
      `  #${p.idx} ${knobLabel(p.knobs)}: ${p.state}${p.runId ? ` run ${p.runId}` : ''}${p.reason ? ` (${p.reason})` : p.phase ? ` (${p.phase})` : ''}\n`,
    );
}

const TERMINAL = ['done', 'failed', 'cancelled'];

export function register(program: Command) {
  const sweep = program.command('sweep').description('define, start, watch and cancel measurement sweeps');
  const withRemote = (c: Command) =>
    c
      .option('--server <url>', 'dashboard URL (default: the local database)')
      .option('--token <token>', 'API token for --server', env('JOULEBENCH_TOKEN'));

  withRemote(
    sweep
      .command('create <file>')
      .description('create a sweep from a JSON definition (see docs/sweeps.md) and queue it'),
  )
    .option('--no-start', 'save it as a draft')
    .option('--json', 'print {"id"} as JSON')
    .action(async (file: string, o: Remote & { start: boolean; json?: boolean }) => {
      const spec = readSpec(file);
      const id = o.server
        ? (await remote<{ id: number }>(o, '/api/sweeps', 'POST', { ...spec, start: o.start })).id
        : createSweep(getDb(), spec, { start: o.start, createdBy: 'cli' }).id;
      process.stdout.write(
        o.json ? JSON.stringify({ id }) + '\n' : `sweep ${id} ${o.start ? 'queued' : 'saved as draft'}\n`,
      );
    });

  sweep
    .command('estimate <file>')
    .description('validate a definition; print the number of points and a rough duration')
    .action((file: string) => {
      const e = estimateSweep(parseSweepSpec(readSpec(file)));
      process.stdout.write(`${e.points} points, about ${formatDuration(e.totalS)} (${e.assumptions})\n`);
    });

  withRemote(sweep.command('list').description('list sweeps')).action(async (o: Remote) => {
    const list = o.server
      ? (await remote<{ sweeps: ReturnType<typeof listSweeps> }>(o, '/api/sweeps')).sweeps
      : listSweeps(getDb());
    for (const s of list)
      process.stdout.write(`${s.id}\t${s.state}\t${s.executor}\t${s.counts.done}/${s.points} done\t${s.name}\n`);
  });

  withRemote(sweep.command('show <id>').description('show a sweep and its points'))
    .option('--json', 'print the API view as JSON')
    .action(async (id: string, o: Remote & { json?: boolean }) => {
      const v = o.server ? await remote<SweepView>(o, `/api/sweeps/${Number(id)}`) : sweepView(getDb(), Number(id));
      if (o.json) process.stdout.write(JSON.stringify(v, null, 2) + '\n');
      else printView(v);
    });

  withRemote(sweep.command('wait <id>').description('wait until the sweep ends; exit 0 if all points are done'))
    .option('--timeout <s>', 'give up after this many seconds', '3600')
    .action(async (id: string, o: Remote & { timeout: string }) => {
      const end = Date.now() + Number(o.timeout) * 1000;
      for (;;) {
        const v = o.server ? await remote<SweepView>(o, `/api/sweeps/${Number(id)}`) : sweepView(getDb(), Number(id));
        if (TERMINAL.includes(v.state) && v.points.every((p) => TERMINAL.includes(p.state))) {
          printView(v);
          process.exitCode = v.state === 'done' ? 0 : 1;
          return;
        }
        if (Date.now() > end) throw new Error(`sweep ${id} still ${v.state} after ${o.timeout} s`);
        await new Promise((r) => setTimeout(r, 1000));
      }
    });

  withRemote(
    sweep.command('cancel <id>').description('cancel a sweep (running points stop; GPU settings are restored)'),
  ).action(async (id: string, o: Remote) => {
    const v = o.server
      ? await remote<SweepView>(o, `/api/sweeps/${Number(id)}/cancel`, 'POST')
      : cancelSweep(getDb(), Number(id));
    printView(v);
  });

  withRemote(sweep.command('retry <id>').description('re-queue failed and cancelled points'))
    .option('--point <pointId>', 'only this point')
    .action(async (id: string, o: Remote & { point?: string }) => {
      const path = o.point
        ? `/api/sweeps/${Number(id)}/points/${Number(o.point)}/retry`
        : `/api/sweeps/${Number(id)}/retry`;
      const v = o.server
        ? await remote<SweepView>(o, path, 'POST')
        : retryPoints(getDb(), Number(id), o.point ? Number(o.point) : undefined);
      printView(v);
    });
}
