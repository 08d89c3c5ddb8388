/**
 * The simulated GPU host of one sweep point: the sim-server (lib/runner/sim/server.ts) in its own
 * process that, like real hardware, is NOT stopped by the job's SIGTERM (scancel, Ctrl-C, time
 * limit signal every process of a job). The harness can then still restore the clocks through the
 * fake nvidia-smi after a cancel. It exits on SIGUSR2 (sent by the point runner once the harness
 * is done) or when its parent process goes away, and SIGKILL always works.
 *   argv: --port P --gpu NAME --model NAME --time-scale K [--max-num-seqs N] [--tp N]
 */
import { startSimServer } from '@/lib/runner/sim/server';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}
const num = (name: string, def?: number) => {
  const v = arg(name);
  if (v === undefined) return def;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number (got '${v}')`);
  return n;
};

async function main() {
  const parent = process.ppid;
  for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const)
    process.on(sig, () =>
      process.stderr.write(`sim-host: ignoring ${sig} (the simulated GPU outlives the job's processes)\n`),
    );
  const srv = await startSimServer({
    port: num('--port', 0),
    gpu: arg('--gpu'),
    model: arg('--model'),
    timeScale: num('--time-scale', 1),
    maxNumSeqs: num('--max-num-seqs'),
    tp: num('--tp'),
  });
  process.stdout.write(`sim-host: SIMULATED ${srv.gpu.name} on ${srv.url} (${srv.model.id})\n`);
  const stop = () => void srv.close().finally(() => process.exit(0));
  process.on('SIGUSR2', stop);
  setInterval(() => {
    if (process.ppid !== parent) stop(); // orphaned: the runner is gone
  }, 500);
}

main().catch((e: unknown) => {
  process.stderr.write(`sim-host: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
