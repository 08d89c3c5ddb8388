import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { Nav } from '@/components/nav';
import { Providers } from './providers';
import './globals.css';

export const metadata: Metadata = {
  title: 'Joulebench',
  description: 'Energy vs latency and throughput of LLM inference: Pareto frontiers under SLOs.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="topbar">
          <Link href="/" className="brand">
            ⚡ Joulebench
          </Link>
          <Nav />
          <span className="spacer" />
        </header>
        <Providers>
          <main className="page">{children}</main>
        </Providers>
      </body>
    </html>
  );
}
