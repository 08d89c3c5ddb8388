/** `joulebench worker`: runs the sweep worker (lib/jobs/worker.ts) until SIGTERM/SIGINT. */
import type { Command } from 'commander';
import { getDb } from '@/db/client';
import { runWorkerMain } from '@/lib/jobs/worker';

export function register(program: Command) {
  program
    .command('worker')
    .description('run the sweep worker: claims queued sweep points and runs them on the local host or Slurm')
    .option(
      '--jobs-dir <dir>',
      'where point job directories go (default: <db dir>/sweeps; must be shared with Slurm nodes)',
    )
    .option('--lease-ms <ms>', "lease length; a crashed worker's points are adopted after it", '15000')
    .action(async (o: { jobsDir?: string; leaseMs: string }) => {
      await runWorkerMain(getDb(), { jobRoot: o.jobsDir, leaseMs: Number(o.leaseMs) });
    });
}
