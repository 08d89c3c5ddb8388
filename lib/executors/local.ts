/**
 * Local executor: runs the point runner as a detached child process on this host (its own process
 * group, output to files), so a worker or web restart does not kill a running point: the next
 * worker adopts it by pid + start time and reads its results from the job directory.
 * Capacity = number of GPU sets (default 1: one point at a time per GPU set).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { JOB_FILES, type PointSpec } from './point-spec';
import { isAlive, procStartTime } from './proc';
import type { Executor, PollResult, StartOptions } from './types';
import { env, envPositiveInt, repoRoot } from '@/lib/env';

/** Repository root (where lib/executors/point-entry.cjs lives). */
export { repoRoot };

function parseId(id: string): { pid: number; start: string } {
  const m = /^local:(\d+):(\d+)$/.exec(id);
  if (!m) throw new Error(`not a local job id: ${id}`);
  return { pid: Number(m[1]), start: m[2] };
}

export function localExecutor(opts: { slots?: number } = {}): Executor {
  return {
    kind: 'local',
    capacity: opts.slots ?? envPositiveInt('JOULEBENCH_LOCAL_SLOTS', 1),
    async start(jobDir: string, spec: PointSpec, _o: StartOptions) {
      fs.mkdirSync(jobDir, { recursive: true });
      fs.writeFileSync(path.join(jobDir, JOB_FILES.spec), JSON.stringify(spec, null, 2));
      const out = fs.openSync(path.join(jobDir, JOB_FILES.log), 'a');
      const child = spawn(spec.harness.node, [pointEntry(), jobDir], {
        cwd: repoRoot(), // tsx resolves the @/ path aliases from the working directory
        detached: true,
        stdio: ['ignore', out, out],
        env: process.env,
      });
      fs.closeSync(out);
      const pid = child.pid;
      if (!pid) throw new Error('could not start the point runner');
      child.unref();
      const start = procStartTime(pid) ?? '0';
      return `local:${pid}:${start}`;
    },
    async poll(id: string): Promise<PollResult> {
      const { pid, start } = parseId(id);
      if (isAlive(pid, start)) return { status: 'active' };
      return { status: 'ended', endReason: 'the point runner process ended' };
    },
    async cancel(id: string) {
      const { pid, start } = parseId(id);
      if (isAlive(pid, start)) process.kill(pid, 'SIGTERM');
    },
    async kill(id: string) {
      const { pid, start } = parseId(id);
      if (isAlive(pid, start)) {
        try {
          process.kill(-pid, 'SIGKILL'); // its process group: runner, harness, server
        } catch {
          process.kill(pid, 'SIGKILL');
        }
      }
    },
  };
}

/** The runner entry script (overridable for tests of the executor itself). */
export function pointEntry(): string {
  return env('JOULEBENCH_POINT_ENTRY') ?? path.join(repoRoot(), 'lib', 'executors', 'point-entry.cjs');
}
