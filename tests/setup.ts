/** Runs before every test file (vitest.config.mts setupFiles). */
import { setScryptParamsForTests } from '@/lib/auth/password';

// Test logins hash at N=2^10 instead of the production 2^17 (tests/auth/password.test.ts checks that one).
setScryptParamsForTests({ N: 2 ** 10, r: 8, p: 1 });
