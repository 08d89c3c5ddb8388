/**
 * Password policy. Hashing and verification are better-auth's (its scrypt from node:crypto,
 * `@better-auth/utils/password`: N=16384, r=16, p=1, 64-byte key, 16-byte random salt, stored as
 * `<salt hex>:<key hex>` in accounts.password); lib/auth/auth.ts hands it the same length limits.
 */
import { ValidationError } from '@/lib/errors';

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 1024;

/** Rejects passwords that are too short/long (clear message for the UI and CLI). */
export function checkPasswordPolicy(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new ValidationError(`password: must be at least ${MIN_PASSWORD_LENGTH} characters`);
  if (password.length > MAX_PASSWORD_LENGTH)
    throw new ValidationError(`password: must be at most ${MAX_PASSWORD_LENGTH} characters`);
}
