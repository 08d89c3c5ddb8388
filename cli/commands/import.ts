/** `joulebench import [--dry-run] [--json] [--study NAME] [--format F] [--server URL --token T] FILE...` */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { parseFile } from '@/lib/importers';

export function register(program: Command) {
  program
    .command('import')
    .description('import benchmark result files (format detected from content)')
    .argument('<files...>', 'files to import')
    .option('--dry-run', 'parse and validate only; write nothing')
    .option('--json', 'print machine-readable JSON to stdout')
    .option('--study <name>', 'target study (created if missing)', 'Imported')
    .option('--format <id>', 'override format detection')
    .option('--server <url>', 'send to a running Joulebench server instead of the local database')
    .option('--token <token>', 'API token for --server (or JOULEBENCH_TOKEN)')
    .action(async (files: string[], opts: { dryRun?: boolean; json?: boolean; study: string; format?: string; server?: string; token?: string }) => {
      const parsed = files.map((f) => {
        let data: Buffer;
        try {
          data = fs.readFileSync(f);
        } catch (e) {
          throw new Error(`${f}: cannot read file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
        }
        return parseFile({ name: path.basename(f), data }, { format: opts.format });
      });
      if (opts.dryRun) {
        if (opts.json) process.stdout.write(JSON.stringify(parsed.flatMap((p) => p.runs), null, 2) + '\n');
        else for (const p of parsed) process.stdout.write(`${p.name}: ${p.format}, ${p.runs.length} runs${p.warnings.length ? `, ${p.warnings.length} warnings` : ''}\n`);
        for (const p of parsed) for (const w of p.warnings) process.stderr.write(`warning: ${p.name}: ${w}\n`);
        return;
      }
      if (opts.server) {
        const { uploadToServer } = await import('@/cli/remote');
        const res = await uploadToServer(opts.server, opts.token ?? process.env.JOULEBENCH_TOKEN, files, { study: opts.study, format: opts.format });
        process.stdout.write(opts.json ? JSON.stringify(res) + '\n' : `imported ${res.inserted} runs on ${opts.server}\n`);
        return;
      }
      const { getDb } = await import('@/db/client');
      const { commitImport } = await import('@/lib/services/import');
      const res = commitImport(getDb(), parsed, { studyName: opts.study, createdBy: 'cli' });
      if (opts.json) process.stdout.write(JSON.stringify(res) + '\n');
      else {
        process.stdout.write(`imported ${res.inserted} runs into study #${res.studyId} (${res.duplicates} duplicates skipped)\n`);
        for (const s of res.skippedFiles) process.stdout.write(`skipped ${s.name}: ${s.reason}\n`);
      }
    });
}
