/** Small helpers shared by the account API routes. */
import { z } from 'zod';
import { ValidationError } from '@/lib/errors';

export const credentialsSchema = z.object({
  name: z.string().trim().min(1, 'required').max(64),
  password: z.string().min(1, 'required').max(1024),
});

export function parseIdParam(raw: string, what: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new ValidationError(`${what}: must be a positive integer, got "${raw}"`);
  return n;
}
