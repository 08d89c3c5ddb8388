/**
 * `joulebench import [--dry-run] [--json] [--study NAME] [--format F] [--set k=v]... [--mapping M]
 *  [--server URL --token T] FILE...`
 * Formats are detected from content; related files (MLPerf summary + detail + spl.txt, vLLM
 * result + .commands) are joined; --set fills fields the files lack for the whole batch.
 * --dry-run --json prints a JSON array of run records (schema v1) to stdout and nothing else.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { expandArchives, parseFiles } from '@/lib/importers';
import { validateMapping } from '@/lib/importers/generic-csv';
import { parseSetArgs } from '@/lib/importers/overrides';
import { getDb } from '@/db/client';
import { commitImport } from '@/lib/services/import';
import type { ColumnMapping, ImportFile } from '@/lib/importers/types';

interface Opts {
  dryRun?: boolean;
  json?: boolean;
  study: string;
  format?: string;
  set: string[];
  mapping?: string;
  server?: string;
  token?: string;
}

/** Files and folders (recursively) -> ImportFiles; names keep the path relative to the argument's parent. */
function readInputs(args: string[]): ImportFile[] {
  const out: ImportFile[] = [];
  const add = (p: string, base: string) => {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch (e) {
      throw new Error(`${p}: cannot read file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    if (st.isDirectory()) {
      for (const e of fs.readdirSync(p).sort()) if (!e.startsWith('.') && !e.endsWith('.source.txt')) add(path.join(p, e), base);
      return;
    }
    out.push({ name: path.relative(base, p) || path.basename(p), data: new Uint8Array(fs.readFileSync(p)) });
  };
  for (const a of args) add(a, path.dirname(path.resolve(a)));
  return out;
}

async function upload(server: string, token: string | undefined, files: ImportFile[], opts: Opts, overrides: Record<string, unknown>, mapping?: ColumnMapping) {
  const form = new FormData();
  for (const f of files) form.append('files', new Blob([f.data as Uint8Array<ArrayBuffer>]), f.name);
  form.append('study', opts.study);
  if (opts.format) form.append('format', opts.format);
  if (Object.keys(overrides).length) form.append('overrides', JSON.stringify(overrides));
  if (mapping) form.append('mapping', JSON.stringify(mapping));
  if (opts.dryRun) form.append('dryRun', '1');
  let res: Response;
  try {
    res = await fetch(new URL('/api/imports', server), { method: 'POST', body: form, headers: token ? { authorization: `Bearer ${token}` } : {} });
  } catch (e) {
    throw new Error(`cannot reach ${server}: ${(e as Error).message}`);
  }
  const body = (await res.json().catch(() => ({}))) as { error?: { message?: string } } & Record<string, unknown>;
  if (!res.ok) throw new Error(`server answered ${res.status}: ${body.error?.message ?? res.statusText}`);
  return body;
}

export function register(program: Command) {
  program
    .command('import')
    .description('import benchmark result files (format detected from content; folders and .zip accepted)')
    .argument('<files...>', 'files, folders or .zip archives to import')
    .option('--dry-run', 'parse and validate only; write nothing')
    .option('--json', 'print machine-readable JSON to stdout (with --dry-run: the run records)')
    .option('--study <name>', 'target study (created if missing)', 'Imported')
    .option('--format <id>', 'override format detection for every file')
    .option('--set <key=value>', 'batch field for runs whose files lack it (gpu_model, gpu_count, model, engine, tp, sm_clock_mhz, power_limit_w, ...); repeatable', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--mapping <file>', 'column mapping JSON for --format generic')
    .option('--server <url>', 'send to a running Joulebench server instead of the local database')
    .option('--token <token>', 'API token for --server (or JOULEBENCH_TOKEN)')
    .action(async (args: string[], opts: Opts) => {
      const overrides = parseSetArgs(opts.set);
      let mapping: ColumnMapping | undefined;
      if (opts.mapping) {
        try {
          mapping = validateMapping(JSON.parse(fs.readFileSync(opts.mapping, 'utf8')));
        } catch (e) {
          throw new Error(`${opts.mapping}: ${(e as Error).message}`);
        }
      }
      const files = expandArchives(readInputs(args));
      if (opts.server) {
        const res = await upload(opts.server, opts.token ?? process.env.JOULEBENCH_TOKEN, files, opts, overrides, mapping);
        process.stdout.write(opts.json ? JSON.stringify(res) + '\n' : `imported ${String(res.inserted ?? 0)} runs on ${opts.server}\n`);
        return;
      }
      const parsed = parseFiles(files, { format: opts.format, overrides, mapping });
      for (const p of parsed) for (const w of p.warnings) process.stderr.write(`warning: ${p.name}: ${w}\n`);
      if (opts.dryRun) {
        if (opts.json) process.stdout.write(JSON.stringify(parsed.flatMap((p) => p.runs), null, 2) + '\n');
        else for (const p of parsed) process.stdout.write(`${p.name}: ${p.format}, ${p.runs.length} runs\n`);
        return;
      }
      const res = commitImport(getDb(), parsed, { studyName: opts.study, createdBy: 'cli' });
      if (opts.json) process.stdout.write(JSON.stringify(res) + '\n');
      else {
        process.stdout.write(`imported ${res.inserted} runs into study #${res.studyId} (import #${res.importId ?? '-'}; ${res.duplicates} duplicate runs skipped)\n`);
        for (const s of res.skippedFiles) process.stdout.write(`skipped ${s.name}: ${s.reason}\n`);
      }
    });
}
