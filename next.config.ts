import type { NextConfig } from 'next';

const config: NextConfig = {
  // better-sqlite3 and koffi are native: keep them out of the server bundle.
  serverExternalPackages: ['better-sqlite3', 'koffi'],
  poweredByHeader: false,
  typedRoutes: false,
};

export default config;
