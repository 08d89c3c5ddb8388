/**
 * Password policy and the password hash better-auth is configured with (lib/auth/auth.ts,
 * emailAndPassword.password). better-auth's built-in scrypt uses N=2^14, r=16; we keep OWASP's
 * password-storage parameters for scrypt instead: N=2^17, r=8, p=1 (128 MiB, memory-hard), a
 * 16-byte random salt and a 32-byte key, with the parameters in the stored string so they can be
 * raised later without breaking existing hashes:  scrypt$N$r$p$saltB64$keyB64
 * (node:crypto's scrypt: OpenSSL, no native addon to build on GPU hosts.)
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { ValidationError } from '@/lib/errors';

const KEY_LEN = 32;
export const SCRYPT_PARAMS = { N: 2 ** 17, r: 8, p: 1 } as const;

function scrypt(password: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))),
  );
}
// scrypt needs ~128*N*r*p bytes; Node's default cap (32 MiB) is below N=2^17.
const maxmem = (N: number, r: number, p: number) => 256 * N * r * p + 1024 * 1024;

type ScryptParams = { N: number; r: number; p: number };
let hashParams: ScryptParams = SCRYPT_PARAMS;

/**
 * Test suites only (tests/setup.ts): hash new passwords at a lower cost so the hundreds of test
 * logins do not each spend 128 MiB and ~0.3 s. Verification always uses the cost stored in the hash.
 */
export function setScryptParamsForTests(params: ScryptParams): void {
  hashParams = params;
}

export async function hashPassword(password: string, params: ScryptParams = hashParams): Promise<string> {
  const salt = randomBytes(16);
  const { N, r, p } = params;
  const key = await scrypt(password.normalize('NFKC'), salt, KEY_LEN, { N, r, p, maxmem: maxmem(N, r, p) });
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword({ hash, password }: { hash: string; password: string }): Promise<boolean> {
  const parts = hash.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  if (![N, r, p].every((x) => Number.isInteger(x) && x > 0) || N > 2 ** 22) return false;
  const salt = Buffer.from(parts[4], 'base64');
  const expected = Buffer.from(parts[5], 'base64');
  const key = await scrypt(password.normalize('NFKC'), salt, expected.length, { N, r, p, maxmem: maxmem(N, r, p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 1024;

/** Rejects passwords that are too short/long (clear message for the UI and CLI). */
export function checkPasswordPolicy(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new ValidationError(`password: must be at least ${MIN_PASSWORD_LENGTH} characters`);
  if (password.length > MAX_PASSWORD_LENGTH)
    throw new ValidationError(`password: must be at most ${MAX_PASSWORD_LENGTH} characters`);
}
