/** JSON responses with one error shape: { error: { code, message } }. */
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { AppError, ValidationError } from './errors';
import { JsonLimitError, parseJsonLimited } from './json-limits';
import { formatIssues } from './record/schema';

export function json(data: unknown, init?: number | ResponseInit) {
  return NextResponse.json(data, typeof init === 'number' ? { status: init } : init);
}

export function errorResponse(status: number, code: string, message: string) {
  return NextResponse.json({ error: { code, message } }, { status });
}

export function badRequest(message: string) {
  return errorResponse(400, 'bad_request', message);
}

/** Translates any thrown error into a response; unknown errors become a logged 500. */
export function toResponse(err: unknown) {
  if (err instanceof AppError) return errorResponse(err.status, err.code, err.message);
  if (err instanceof z.ZodError) return badRequest(formatIssues(err.issues));
  if (err instanceof SyntaxError) return badRequest(`invalid JSON body: ${err.message}`);
  console.error(err);
  return errorResponse(500, 'internal', 'internal error');
}

/** Wraps a route handler so every error leaves through toResponse. */
export function handler<A extends unknown[]>(fn: (...args: A) => Promise<Response> | Response) {
  return async (...args: A): Promise<Response> => {
    try {
      return await fn(...args);
    } catch (err) {
      return toResponse(err);
    }
  };
}

/**
 * The one JSON-body reader, under the limits of lib/json-limits.ts: invalid JSON, nesting deeper
 * than MAX_JSON_DEPTH and numbers that overflow to infinity are a 400 saying which (never a 500
 * from a stack overflow further on). `what` says what body was expected.
 */
export async function readJsonBody(req: Request, what?: string): Promise<unknown> {
  let text: string;
  try {
    text = await req.text();
  } catch {
    throw new ValidationError('could not read the request body');
  }
  try {
    return parseJsonLimited(text);
  } catch (e) {
    if (e instanceof JsonLimitError) throw new ValidationError(`request body: ${e.message}`);
    throw new ValidationError(`request body must be valid JSON${what ? ` (${what})` : ''}`);
  }
}

/** Parses a JSON body with a zod schema (400 naming the key on failure). */
export async function parseBody<T extends z.ZodType>(req: Request, schema: T): Promise<z.infer<T>> {
  const r = schema.safeParse(await readJsonBody(req));
  if (!r.success) throw new ValidationError(formatIssues(r.error.issues));
  return r.data;
}
