/** Process entry of the point runner: `node lib/executors/point-entry.cjs <jobDir>`. */
import { runPoint } from './point-runner';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: point-entry.cjs <jobDir>\n');
  process.exit(2);
}
runPoint(dir).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`point runner: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
