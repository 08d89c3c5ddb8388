/**
 * One temp folder per vitest run (vitest.config.mts globalSetup). Every test's os.tmpdir() is
 * inside it: databases, uploads, sweep folders, and the processes tests start (they inherit
 * TMPDIR). It is removed when the run ends. Tests create about 50 folders per run and remove few
 * of them: a developer's /tmp held 3.5 GB of them after a day of runs.
 * JOULEBENCH_KEEP_TEST_TMP=1 keeps the folder (its path is printed) to look at what a test wrote.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'joulebench-vitest-'));
  const before = process.env.TMPDIR;
  process.env.TMPDIR = root;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    if (process.env.JOULEBENCH_KEEP_TEST_TMP === '1') console.log(`test temp folder kept: ${root}`);
    else fs.rmSync(root, { recursive: true, force: true });
  };
}
