import type { Metadata, Viewport } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { Nav } from '@/components/nav';
import { HeaderAuth } from '@/components/nav-auth';
import { THEME_SCRIPT, ThemeToggle } from '@/components/nav-theme';
import { Providers } from './providers';
import './globals.css';
import './feedback.css';

export const metadata: Metadata = {
  title: 'Joulebench',
  description: 'Energy vs latency and throughput of LLM inference: Pareto frontiers under SLOs.',
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#10231c' },
    { media: '(prefers-color-scheme: dark)', color: '#0a1a14' },
  ],
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    // The theme script sets class="light|dark" before paint, so React must not complain about it.
    <html lang="en" suppressHydrationWarning>
      <head>
        {/* A module script with async does not wait for the stylesheet the way a classic inline
            script does (which stopped the parser, and every chart mark after it, until the CSS
            had loaded); blocking="render" still holds the first paint until it has run. */}
        <script type="module" async blocking="render" dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body>
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-card focus:p-2"
        >
          Skip to content
        </a>
        <header className="topbar">
          <Link href="/" className="brand">
            ⚡ Joulebench
          </Link>
          <Nav />
          <span className="spacer" />
          <ThemeToggle />
          <HeaderAuth />
        </header>
        <Providers>
          <main className="page" id="main">
            {children}
          </main>
        </Providers>
      </body>
    </html>
  );
}
