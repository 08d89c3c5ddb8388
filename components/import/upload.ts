/**
 * POST /api/imports with progress. fetch() cannot report upload progress, so the form goes through
 * XMLHttpRequest: `upload.onprogress` gives bytes sent; once the body is sent the server is reading
 * and parsing the files (the "parsing" phase) until the response arrives.
 */

export type UploadPhase =
  | { phase: 'uploading'; loaded: number; total: number; startedAt: number }
  | { phase: 'parsing'; total: number; startedAt: number };

export interface UploadResult<T> {
  ok: boolean;
  status: number;
  body: T | null;
  /** The server's error message, for !ok. */
  error?: string;
}

export function postImport<T>(fd: FormData, onPhase: (p: UploadPhase) => void): Promise<UploadResult<T>> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    const startedAt = performance.now();
    let total = 0;
    xhr.open('POST', '/api/imports');
    xhr.responseType = 'text';
    xhr.upload.onprogress = (e) => {
      if (!e.lengthComputable) return;
      total = e.total;
      onPhase({ phase: 'uploading', loaded: e.loaded, total: e.total, startedAt });
    };
    xhr.upload.onload = () => onPhase({ phase: 'parsing', total, startedAt });
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      const ok = xhr.status >= 200 && xhr.status < 300;
      const msg = (body as { error?: { message?: string } } | null)?.error?.message;
      resolve({
        ok,
        status: xhr.status,
        body: ok ? (body as T) : null,
        ...(ok ? {} : { error: msg ?? `${xhr.status} ${xhr.statusText}` }),
      });
    };
    xhr.onerror = () =>
      resolve({
        ok: false,
        status: 0,
        body: null,
        error: 'the upload failed (network error or the server closed the connection)',
      });
    onPhase({ phase: 'uploading', loaded: 0, total: 0, startedAt });
    xhr.send(fd);
  });
}
