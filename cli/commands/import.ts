/**
 * `joulebench import [--dry-run] [--json] [--study NAME] [--format F] [--set k=v]...
 *  [--mapping NAME|FILE] [--skip-invalid] [--server URL --token T] FILE|DIR|ZIP...`
 * Formats are detected from content; related files (MLPerf summary + detail + spl.txt, vLLM
 * result + .commands) are joined; --set fills fields the files lack for the whole batch. Files are
 * read from disk in chunks (large vLLM results stream), never all at once.
 * --dry-run --json prints only a JSON array of run records (schema v1) on stdout, locally and with
 * --server; warnings and errors go to stderr, and any failing file exits non-zero unless
 * --skip-invalid (then the refused files are named on stderr and the others are imported).
 * On a terminal (stderr a TTY, not --json) large inputs show progress: bytes, files, runs, rate, ETA.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { dbPath, getDb } from '@/db/client';
import { mappingOrThrow } from '@/db/queries/import-mappings';
import { ImportError, parseFilesSettled } from '@/lib/importers';
import { expandArchives, TempSpace } from '@/lib/importers/files';
import { validateMapping } from '@/lib/importers/generic-csv';
import { parseSetArgs, type BatchOverrides } from '@/lib/importers/overrides';
import { plural } from '@/lib/overview/format';
import type { ColumnMapping, ImportFile, ParsedFile } from '@/lib/importers/types';
import type { StreamedFile } from '@/lib/importers/streamed';
import { commitImport, findDuplicateFiles, inUploadOrder, streamableFiles } from '@/lib/services/import';
import { PIPELINE_MIN_BYTES } from '@/lib/services/import-pipeline';
import { getStudyByName } from '@/db/queries/studies';
import { uploadToServer, type RemoteCommit, type RemotePreview } from '../remote';
import { terminalProgress } from '../progress';
import { fileSize } from '@/lib/importers/files';
import { env } from '@/lib/env';

interface Opts {
  dryRun?: boolean;
  json?: boolean;
  skipInvalid?: boolean;
  study: string;
  format?: string;
  set: string[];
  mapping?: string;
  server?: string;
  token?: string;
}

/** A local CLI import has no HTTP limit, but zip expansion is still bounded. */
const CLI_MAX_EXPANDED_BYTES = 8 * 1024 * 1024 * 1024;

/** Files and folders (recursively) -> ImportFiles on disk; names keep the path relative to the argument's parent. */
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
      for (const e of fs.readdirSync(p).sort())
        if (!e.startsWith('.') && !e.endsWith('.source.txt')) add(path.join(p, e), base);
      return;
    }
    out.push({ name: path.relative(base, p).split(path.sep).join('/') || path.basename(p), path: p, size: st.size });
  };
  for (const a of args) add(a, path.dirname(path.resolve(a)));
  return out;
}

/** --mapping: a JSON file if the path exists, otherwise the name of a saved mapping. */
function mappingArg(arg: string | undefined): { mapping?: ColumnMapping; name?: string } {
  if (!arg) return {};
  if (fs.existsSync(arg) && fs.statSync(arg).isFile()) {
    try {
      return { mapping: validateMapping(JSON.parse(fs.readFileSync(arg, 'utf8'))) };
    } catch (e) {
      throw new Error(`${arg}: ${(e as Error).message}`);
    }
  }
  return { name: arg };
}

const err = (s: string) => process.stderr.write(`${s}\n`);
const out = (s: string) => process.stdout.write(`${s}\n`);

async function viaServer(
  opts: Opts,
  args: string[],
  overrides: BatchOverrides,
  m: { mapping?: ColumnMapping; name?: string },
) {
  const files = readInputs(args);
  const { body } = await uploadToServer(opts.server!, opts.token ?? env('JOULEBENCH_TOKEN'), files, {
    study: opts.study,
    format: opts.format,
    overrides: Object.keys(overrides).length ? JSON.stringify(overrides) : undefined,
    mapping: m.mapping ? JSON.stringify(m.mapping) : undefined,
    mappingName: m.name,
    dryRun: opts.dryRun ? '1' : undefined,
    records: opts.dryRun && opts.json ? '1' : undefined,
    skipInvalid: opts.skipInvalid ? '1' : undefined,
  });
  if (opts.dryRun) {
    const p = body as RemotePreview;
    if (!Array.isArray(p.files))
      throw new Error('server answered without a "files" list (is this a Joulebench server?)');
    for (const f of p.files) {
      if (!f.ok) err(`error: ${f.error}`);
      else {
        for (const w of f.file.warnings) err(`warning: ${f.name}: ${w}`);
        if (f.file.duplicate) err(`skip: ${f.name}: ${f.file.duplicate.reason}`);
      }
    }
    const refusedN = p.files.filter((f) => !f.ok).length;
    if (!p.ok && !opts.skipInvalid)
      throw new Error(
        `${refusedN} file(s) cannot be imported; nothing would be written (--skip-invalid imports the others)`,
      );
    if (opts.json) {
      if (!Array.isArray(p.records))
        throw new Error('server answered without run records (needs a server that supports records=1)');
      out(JSON.stringify(p.records, null, 2));
    } else
      for (const f of p.files)
        if (f.ok)
          out(
            `${f.name}: ${f.file.format}, ${plural(f.file.runCount, 'run')}${f.file.duplicate ? ' (would be skipped)' : ''}`,
          );
    return;
  }
  const c = body as RemoteCommit;
  for (const f of c.files ?? []) for (const w of f.warnings) err(`warning: ${f.name}: ${w}`);
  for (const r of c.refused ?? []) err(`refused: ${r.error}`);
  if (opts.json) out(JSON.stringify(c));
  else {
    out(
      `imported ${plural(c.inserted, 'run')} into study #${c.studyId} on ${opts.server} (import #${c.importId ?? '-'}; ${plural(c.duplicates, 'duplicate run')} skipped)`,
    );
    for (const s of c.skippedFiles ?? []) out(`skipped ${s.name}: ${s.reason}`);
  }
}

function local(opts: Opts, args: string[], overrides: BatchOverrides, m: { mapping?: ColumnMapping; name?: string }) {
  const temp = new TempSpace('joulebench-cli-');
  try {
    // Only a commit (or a saved mapping) needs the database: a dry run never creates one.
    const haveDb = !opts.dryRun || fs.existsSync(dbPath());
    const mapping =
      m.mapping ??
      (m.name
        ? haveDb
          ? mappingOrThrow(getDb(), m.name)
          : fail(`--mapping ${m.name}: no such file, and no local database with saved mappings`)
        : undefined);
    let files: ImportFile[];
    try {
      files = expandArchives(readInputs(args), { maxBytes: CLI_MAX_EXPANDED_BYTES, temp });
    } catch (e) {
      if (e instanceof ImportError) throw new Error(e.message);
      throw e;
    }
    // A large Joulebench JSON Lines file is read while it is stored, batch by batch, instead of
    // parsed whole first: a million runs never sit in memory (lib/importers/streamed.ts).
    const parseOpts = { format: opts.format, overrides, mapping };
    const { streamed, whole } = opts.dryRun
      ? { streamed: new Map<ImportFile, StreamedFile>(), whole: files }
      : streamableFiles(files, parseOpts);
    const progress = terminalProgress(process.stderr, {
      json: opts.json,
      totalBytes: whole.reduce((a, f) => a + fileSize(f), 0),
    });
    let settled;
    try {
      settled = parseFilesSettled(whole, { ...parseOpts, onProgress: progress?.onProgress });
    } finally {
      progress?.done();
    }
    const bad = settled.filter((s) => !s.ok);
    for (const s of settled) if (s.ok) for (const w of s.file.warnings) err(`warning: ${s.name}: ${w}`);
    // Refused files are always named with their reason; --skip-invalid goes on with the others.
    for (const b of bad) err(`${opts.skipInvalid ? 'refused' : 'error'}: ${(b as { error: string }).error}`);
    if (bad.length && !opts.skipInvalid)
      throw new Error(
        `${bad.length} file(s) cannot be imported; nothing ${opts.dryRun ? 'would be' : 'was'} written (--skip-invalid imports the others)`,
      );
    const parsed = settled.filter((s) => s.ok).map((s) => (s as Extract<typeof s, { ok: true }>).file);
    if (opts.dryRun) {
      if (opts.json)
        return out(
          JSON.stringify(
            parsed.flatMap((p) => p.runs),
            null,
            2,
          ),
        );
      const study = haveDb ? getStudyByName(getDb(), opts.study) : undefined;
      const dups = haveDb ? findDuplicateFiles(getDb(), parsed, study?.id) : [];
      parsed.forEach((p, i) =>
        out(
          `${p.name}: ${p.format}, ${plural(p.runs.length, 'run')}${dups[i] ? ` (would be skipped: ${dups[i]!.reason})` : ''}`,
        ),
      );
      return;
    }
    // The bulk-write page cache: twice the insert rate into a large database, and the memory goes
    // back to the system when this process exits (the web server does not use it: db/write-cache.ts).
    const res = commitStreaming(inUploadOrder(files, streamed, parsed), streamed, opts);
    for (const s of streamed.values()) for (const w of s.warnings) err(`warning: ${s.name}: ${w}`);
    for (const r of res.refused ?? []) err(`refused: ${r.error}`);
    const refusedN = bad.length + (res.refused?.length ?? 0);
    if (opts.json) out(JSON.stringify(res));
    else {
      out(
        `imported ${plural(res.inserted, 'run')} into study #${res.studyId} (import #${res.importId ?? '-'}; ${plural(res.duplicates, 'duplicate run')} skipped)`,
      );
      for (const s of res.skippedFiles) out(`skipped ${s.name}: ${s.reason}`);
      if (refusedN) out(`refused ${refusedN} file(s) (see stderr); the others were imported`);
    }
  } finally {
    temp.dispose();
  }
}

/**
 * The commit, with a progress line for the streamed files (read during the commit). A streamed
 * file found bad without --skip-invalid refuses the whole import, as a bad file parsed first does.
 */
function commitStreaming(toStore: (ParsedFile | StreamedFile)[], streamed: Map<ImportFile, StreamedFile>, opts: Opts) {
  const bytesTotal = [...streamed.keys()].reduce((a, f) => a + fileSize(f), 0);
  const progress = terminalProgress(process.stderr, { json: opts.json, totalBytes: bytesTotal });
  let bytesDone = 0;
  const onBytes =
    progress &&
    ((file: string, n: number) => {
      bytesDone += n;
      const all = [...streamed.values()];
      progress.onProgress({
        file,
        filesDone: all.findIndex((s) => s.name === file),
        filesTotal: all.length,
        bytesDone,
        bytesTotal,
        runs: all.reduce((a, s) => a + s.runCount, 0),
      });
    });
  try {
    return commitImport(
      getDb(),
      toStore,
      { studyName: opts.study, createdBy: 'cli' },
      { bulkCache: true, skipInvalid: opts.skipInvalid, onBytes, pipelineMinBytes: PIPELINE_MIN_BYTES },
    );
  } catch (e) {
    if (!(e instanceof ImportError)) throw e;
    err(`error: ${e.message}`);
    throw new Error('1 file(s) cannot be imported; nothing was written (--skip-invalid imports the others)');
  } finally {
    progress?.done();
  }
}

function fail(msg: string): never {
  throw new Error(msg);
}

export function register(program: Command) {
  program
    .command('import')
    .description('import benchmark result files (format detected from content; folders and .zip accepted)')
    .argument('<files...>', 'files, folders or .zip archives to import')
    .option('--dry-run', 'parse and validate only; write nothing')
    .option('--json', 'print machine-readable JSON to stdout (with --dry-run: only a JSON array of run records)')
    .option(
      '--skip-invalid',
      'import the files that parse and list the refused ones with their reason (default: one bad file refuses the whole upload)',
    )
    .option('--study <name>', 'target study (created if missing)', 'Imported')
    .option('--format <id>', 'override format detection for every file')
    .option(
      '--set <key=value>',
      'batch field for runs whose files lack it (gpu_model, gpu_count, model, engine, tp, sm_clock_mhz, power_limit_w, ...); repeatable',
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option(
      '--mapping <name|file>',
      'column mapping for --format generic: a JSON file, or the name of a mapping saved in the dashboard',
    )
    .option('--server <url>', 'send to a running Joulebench server instead of the local database')
    .option('--token <token>', 'API token for --server (or JOULEBENCH_TOKEN)')
    .action(async (args: string[], opts: Opts) => {
      const overrides = parseSetArgs(opts.set);
      const m = mappingArg(opts.mapping);
      if (opts.server) await viaServer(opts, args, overrides, m);
      else local(opts, args, overrides, m);
    });
}
