/**
 * Password hashing with node:crypto scrypt (memory-hard; RFC 7914).
 *
 * Why scrypt from node:crypto rather than a package: it ships with Node 20 (no native addon to
 * build or prebuilt binary to download on air-gapped GPU hosts), it is memory-hard like argon2id,
 * and OWASP's password storage guidance lists scrypt with N=2^17, r=8, p=1 as an accepted choice.
 * The parameters are stored in the hash string so they can be raised later without breaking
 * existing hashes:  scrypt$N$r$p$saltB64$hashB64
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { ValidationError } from '@/lib/errors';

const KEY_LEN = 32;
export const DEFAULT_PARAMS = { N: 2 ** 17, r: 8, p: 1 } as const;
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 1024;

function scrypt(password: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

function maxmem(N: number, r: number, p: number) {
  // scrypt needs ~128*N*r*p bytes (+ a bit); Node's default cap (32 MiB) is below N=2^17.
  return 256 * N * r * p + 1024 * 1024;
}

/** Rejects passwords that are too short/long (clear message for the UI and CLI). */
export function checkPasswordPolicy(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new ValidationError(`password: must be at least ${MIN_PASSWORD_LENGTH} characters`);
  if (password.length > MAX_PASSWORD_LENGTH)
    throw new ValidationError(`password: must be at most ${MAX_PASSWORD_LENGTH} characters`);
}

export async function hashPassword(
  password: string,
  params: { N: number; r: number; p: number } = DEFAULT_PARAMS,
): Promise<string> {
  const salt = randomBytes(16);
  const { N, r, p } = params;
  const key = await scrypt(password.normalize('NFKC'), salt, KEY_LEN, { N, r, p, maxmem: maxmem(N, r, p) });
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  if (![N, r, p].every((x) => Number.isInteger(x) && x > 0)) return false;
  const salt = Buffer.from(parts[4], 'base64');
  const expected = Buffer.from(parts[5], 'base64');
  const key = await scrypt(password.normalize('NFKC'), salt, expected.length, { N, r, p, maxmem: maxmem(N, r, p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash of a random password, used to equalise timing when the user does not exist. */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(16).toString('hex'));
  return dummy;
}
