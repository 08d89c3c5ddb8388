/**
 * Client side of the CLI's `--server URL --token T` options. `remoteJson` calls one JSON endpoint
 * (plans, sweeps); `uploadToServer` is `joulebench import`'s upload: it sends files to
 * POST /api/imports as multipart. File bodies are Blobs backed by the files on disk (fs.openAsBlob), so large files are
 * streamed, not read into memory. Archives are sent as they are (the server expands them).
 */
import fs from 'node:fs';
import type { ImportFile } from '@/lib/importers/types';
import type { RunRecord } from '@/lib/record/schema';

/** The documented response shapes of POST /api/imports (docs/importing.md). */
export interface RemotePreview {
  dryRun: true;
  ok: boolean;
  runCount: number;
  files: (
    | {
        name: string;
        ok: true;
        file: { name: string; format: string; runCount: number; warnings: string[]; duplicate?: { reason: string } };
      }
    | { name: string; ok: false; error: string; reason: string; where?: string }
  )[];
  records?: RunRecord[];
}
export interface RemoteCommit {
  importId: number | null;
  studyId: number;
  inserted: number;
  duplicates: number;
  skippedFiles: { name: string; reason: string }[];
  files: { name: string; format: string; runs: number; warnings: string[]; skipped?: string }[];
  /** Files left out with --skip-invalid, with their reason. */
  refused?: { name: string; error: string; reason: string; where?: string }[];
}

export type Remote = { server?: string; token?: string };

/** One JSON request to the server; a non-2xx answer throws with the server's error message. */
export async function remoteJson<T>(o: Remote, path: string, method = 'GET', body?: unknown): Promise<T> {
  const res = await fetch(new URL(path, o.server), {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const data = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
  if (!res.ok) throw new Error(`server answered ${res.status}: ${data.error?.message ?? res.statusText}`);
  return data as T;
}

export async function uploadToServer(
  server: string,
  token: string | undefined,
  files: ImportFile[],
  fields: Record<string, string | undefined>,
): Promise<{ status: number; body: RemotePreview | RemoteCommit }> {
  const form = new FormData();
  for (const f of files) {
    const blob = f.path ? await fs.openAsBlob(f.path) : new Blob([f.data as Uint8Array<ArrayBuffer>]);
    form.append('files', blob, f.name);
  }
  for (const [k, v] of Object.entries(fields)) if (v !== undefined && v !== '') form.append(k, v);
  let url: URL;
  try {
    url = new URL('/api/imports', server);
  } catch {
    throw new Error(`--server: not a URL: ${server}`);
  }
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', body: form, headers: token ? { authorization: `Bearer ${token}` } : {} });
  } catch (e) {
    throw new Error(`cannot reach ${server}: ${(e as Error).message}`);
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    const msg =
      (body as { error?: { message?: string } } | undefined)?.error?.message ?? (text.slice(0, 200) || res.statusText);
    throw new Error(`server answered ${res.status}: ${msg}`);
  }
  if (!body || typeof body !== 'object') throw new Error(`server answered ${res.status} with a body that is not JSON`);
  return { status: res.status, body: body as RemotePreview | RemoteCommit };
}
