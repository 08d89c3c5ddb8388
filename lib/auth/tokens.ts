/**
 * Random secrets and their storage form. Every bearer secret (session cookie, API token, share
 * link) is 256 bits from the OS CSPRNG, encoded base64url, and stored only as its SHA-256 hex
 * digest: a leaked database does not yield usable tokens. (A fast hash is enough here because
 * the input has 256 bits of entropy; slow hashing is only needed for low-entropy passwords.)
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const API_TOKEN_PREFIX = 'jb_';

/** 32 random bytes as base64url (43 chars). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function newApiToken(): string {
  return API_TOKEN_PREFIX + randomToken(32);
}

export function sha256Hex(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
