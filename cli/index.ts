/**
 * `joulebench` command line. Each command lives in cli/commands/<name>.ts and exports
 * `register(program)`. Errors print to stderr and exit non-zero; --json output goes to stdout only.
 */
import { Command } from 'commander';
import { register as registerImport } from './commands/import';
import { register as registerSimServer } from './commands/sim-server';
import { register as registerMeasure } from './commands/measure';
import { register as registerUser } from './commands/user';
import { register as registerToken } from './commands/token';
import { register as registerSweep } from './commands/sweep';
import { register as registerWorker } from './commands/worker';
import { register as registerPlan } from './commands/plan';

const program = new Command();
program
  .name('joulebench')
  .description('Energy vs latency/throughput of LLM inference: import, measure, explore')
  .version('0.1.0');
program.showHelpAfterError();

registerImport(program);
registerSimServer(program);
registerMeasure(program);
registerUser(program);
registerToken(program);
registerSweep(program);
registerWorker(program);
registerPlan(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`joulebench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
