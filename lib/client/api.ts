/**
 * The browser's one way to call /api: JSON in, JSON out, and every failure as an ApiError that
 * carries the server's `{ error: { code, message } }` (lib/http.ts), or the HTTP status when the
 * body is not that shape. Client-safe (no server imports).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ApiInit {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as a JSON body. */
  json?: unknown;
  signal?: AbortSignal;
}

/** The server's error of a failed response, as an ApiError. */
export async function apiErrorOf(res: Response): Promise<ApiError> {
  const body = (await res.json().catch(() => null)) as { error?: { code?: unknown; message?: unknown } } | null;
  const message =
    typeof body?.error?.message === 'string'
      ? body.error.message
      : `request failed (${res.status}${res.statusText ? ` ${res.statusText}` : ''})`;
  return new ApiError(res.status, typeof body?.error?.code === 'string' ? body.error.code : 'http_error', message);
}

export async function apiFetch<T = unknown>(url: string, init: ApiInit = {}): Promise<T> {
  const hasBody = init.json !== undefined;
  const res = await fetch(url, {
    method: init.method ?? (hasBody ? 'POST' : 'GET'),
    headers: hasBody ? { 'content-type': 'application/json' } : {},
    body: hasBody ? JSON.stringify(init.json) : undefined,
    cache: 'no-store',
    signal: init.signal,
  });
  if (!res.ok) throw await apiErrorOf(res);
  if (res.status === 204) return undefined as T;
  return (await res.json().catch(() => undefined)) as T;
}

/** The message to show for any error thrown by apiFetch (or anything else). */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
