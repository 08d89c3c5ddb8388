import type { NextConfig } from 'next';

/**
 * Sent with every page and API response: no other site may frame Joulebench (clickjacking of the
 * dashboard, settings and share links). CSP frame-ancestors for current browsers, X-Frame-Options
 * for old ones. docs/security.md "Headers".
 */
const SECURITY_HEADERS = [
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Content-Security-Policy', value: "frame-ancestors 'none'" },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
];

const config: NextConfig = {
  // better-sqlite3 and koffi are native: keep them out of the server bundle.
  serverExternalPackages: ['better-sqlite3', 'koffi'],
  poweredByHeader: false,
  typedRoutes: false,
  async headers() {
    return [{ source: '/:path*', headers: SECURITY_HEADERS }];
  },
};

export default config;
