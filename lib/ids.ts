/** Path ids (`/api/runs/42`): the one parser every route uses. */
import { ValidationError } from '@/lib/errors';

/**
 * A positive integer written as plain decimal digits, or ValidationError (400) naming what it is.
 * "0x10", "1e3", "1.0", " 7" and anything beyond 15 digits (past exact doubles) are refused.
 */
export function parseId(raw: string, what = 'id'): number {
  if (!/^\d{1,15}$/.test(raw) || Number(raw) < 1)
    throw new ValidationError(`malformed ${what} "${raw.slice(0, 40)}": must be a positive integer`);
  return Number(raw);
}
