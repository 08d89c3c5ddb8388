/** `joulebench sim-server --port P [--gpu NAME] [--model NAME] [--time-scale K] [--max-num-seqs N] [--tp N]` */
import type { Command } from 'commander';
import { startSimServer } from '@/lib/runner/sim/server';
import { GPUS, MODELS } from '@/lib/runner/sim/specs';

export function register(program: Command) {
  program
    .command('sim-server')
    .description('run a SIMULATED GPU behind an OpenAI-compatible streaming API (for tests, demos, CI)')
    .option('--port <n>', 'port to listen on (0 = any free port)', '8000')
    .option('--host <addr>', 'address to bind', '127.0.0.1')
    .option('--gpu <name>', `simulated GPU (${Object.keys(GPUS).join(', ')})`, 'H100-SXM')
    .option('--model <name>', `simulated model (${Object.keys(MODELS).join(', ')})`, 'meta-llama/Llama-3.1-8B-Instruct')
    .option('--time-scale <k>', 'run K times faster than real time (times are reported in simulated seconds)', '1')
    .option('--max-num-seqs <n>', 'continuous-batching limit (as vLLM --max-num-seqs)', '256')
    .option('--tp <n>', 'tensor parallelism (simulated GPUs)', '1')
    .option('--verbose', 'log knob changes to stderr')
    .action(
      async (o: {
        port: string;
        host: string;
        gpu: string;
        model: string;
        timeScale: string;
        maxNumSeqs: string;
        tp: string;
        verbose?: boolean;
      }) => {
        const int = (v: string, name: string, min: number) => {
          const n = Number(v);
          if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer >= ${min} (got '${v}')`);
          return n;
        };
        const timeScale = Number(o.timeScale);
        if (!(timeScale > 0)) throw new Error(`--time-scale must be a number > 0 (got '${o.timeScale}')`);
        const srv = await startSimServer({
          port: int(o.port, '--port', 0),
          host: o.host,
          gpu: o.gpu,
          model: o.model,
          timeScale,
          maxNumSeqs: int(o.maxNumSeqs, '--max-num-seqs', 1),
          tp: int(o.tp, '--tp', 1),
          log: o.verbose ? (l) => process.stderr.write(`sim-server: ${l}\n`) : undefined,
        });
        process.stdout.write(
          `sim-server listening on ${srv.url} (SIMULATED ${srv.gpu.name} x${o.tp}, ${srv.model.id}, time scale ${timeScale})\n`,
        );
        const stop = () => void srv.close().then(() => process.exit(0));
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
      },
    );
}
