/**
 * One worker thread serving requests on its own SQLite connection, so long database work (a large
 * import, a first read of a million runs' columns) never blocks the web server's event loop.
 * Started on first use, restarted for another database file, and kept referenced only while a
 * request is pending (an idle worker does not keep the process alive). The worker script (plain
 * CommonJS that registers tsx: the server bundle does not contain the sources) answers each
 * `{ id, ...payload }` with `{ id, ok: true, result }` or `{ id, ok: false, error: { code?, message } }`.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { repoRoot } from '@/lib/env';

/** The database's file, or null for an in-memory one (a worker opens its own connection to the file). */
export function dbFileOf(db: { $client: { memory: boolean; name: string } }): string | null {
  const file = db.$client.name;
  return db.$client.memory || !file || file === ':memory:' ? null : file;
}

export interface WorkerFailure {
  code?: string;
  message: string;
}

interface Pending {
  resolve: (r: unknown) => void;
  reject: (e: Error) => void;
}

export class DbWorker {
  private worker: Worker | null = null;
  private dbFile = '';
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  /** `script`: path under the repository root; `toError`: the app's error for a worker's failure. */
  constructor(
    private readonly script: string,
    private readonly toError: (e: WorkerFailure) => Error = (e) => new Error(e.message),
  ) {}

  /** The worker for this database file, started if it is not running. */
  start(dbFile: string): Worker {
    if (this.worker && this.dbFile === dbFile) return this.worker;
    if (this.worker) void this.worker.terminate();
    const root = repoRoot();
    const w = new Worker(path.join(/*turbopackIgnore: true*/ root, this.script), { workerData: { root, dbFile } });
    w.on('message', (m: { id: number; ok: boolean; result?: unknown; error?: WorkerFailure }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.ok) p.resolve(m.result);
      else p.reject(this.toError(m.error ?? { message: 'worker failed' }));
      if (!this.pending.size) w.unref();
    });
    w.on('error', (e) => this.failAll(w, e));
    w.on('exit', (code) => this.failAll(w, new Error(`${this.script} exited (code ${code})`)));
    this.worker = w;
    this.dbFile = dbFile;
    return w;
  }

  get running(): boolean {
    return this.worker !== null;
  }

  request<T>(dbFile: string, payload: object): Promise<T> {
    const w = this.start(dbFile);
    const id = this.nextId++;
    w.ref();
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (r: unknown) => void, reject });
      w.postMessage({ id, ...payload });
    });
  }

  private failAll(w: Worker, err: Error) {
    if (this.worker !== w) return;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
    this.worker = null;
  }
}
