import { describe, expect, it } from 'vitest';
import { checkPasswordPolicy, hashPassword, verifyPassword } from '@/lib/auth/password';

describe('password hashing (scrypt)', () => {
  it('stores parameters, a random salt and no clear text', async () => {
    const a = await hashPassword('correct horse battery staple');
    const b = await hashPassword('correct horse battery staple');
    expect(a).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toContain('horse');
    expect(a).not.toBe(b); // different salts
  });

  it('verifies the right password and rejects others', async () => {
    const h = await hashPassword('correct horse battery staple');
    expect(await verifyPassword('correct horse battery staple', h)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', h)).toBe(false);
    expect(await verifyPassword('', h)).toBe(false);
  });

  it('verifies hashes made with other parameters (stored in the hash)', async () => {
    const h = await hashPassword('another long password', { N: 1024, r: 8, p: 1 });
    expect(h.startsWith('scrypt$1024$8$1$')).toBe(true);
    expect(await verifyPassword('another long password', h)).toBe(true);
  });

  it('rejects malformed stored hashes instead of throwing', async () => {
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$abc$8$1$AA==$AA==')).toBe(false);
  });

  it('enforces a minimum length', () => {
    expect(() => checkPasswordPolicy('short')).toThrow(/at least 10/);
    expect(() => checkPasswordPolicy('long enough pw')).not.toThrow();
  });
});
