/** Client side of `--server URL --token T`: uploads files to POST /api/imports. */
import fs from 'node:fs';
import path from 'node:path';

export async function uploadToServer(server: string, token: string | undefined, files: string[], opts: { study?: string; format?: string }) {
  const form = new FormData();
  for (const f of files) form.append('files', new Blob([fs.readFileSync(f)]), path.basename(f));
  if (opts.study) form.append('study', opts.study);
  if (opts.format) form.append('format', opts.format);
  const res = await fetch(new URL('/api/imports', server), {
    method: 'POST',
    body: form,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const body = (await res.json().catch(() => ({}))) as { error?: { message?: string }; inserted?: number };
  if (!res.ok) throw new Error(`server answered ${res.status}: ${body.error?.message ?? res.statusText}`);
  return body as { inserted: number };
}
