/** Accounts the e2e setup creates on the fresh test database (never defaults of the product). */
export const ADMIN = { name: 'e2e-admin', password: 'e2e admin passphrase 1' };
export const ENGINEER = { name: 'e2e-engineer', password: 'e2e engineer passphrase 2' };
