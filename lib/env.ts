/**
 * Numeric settings from the environment. A value that is not a positive integer is a
 * configuration error reported at start, never a silent NaN (a NaN capacity would stall the
 * worker without a word).
 */
export function envPositiveInt(name: string, fallback: number, env: Record<string, string | undefined> = process.env): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer (got "${raw}")`);
  return n;
}
