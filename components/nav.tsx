'use client';
/**
 * Top navigation: the links inline on wide screens; on phones (<= 860 px) one "Menu" button
 * opening an accessible Radix dropdown with the same links (loaded on first use; the inline list
 * is hidden by CSS there).
 */
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { makeLazy } from './lazy-trigger';
import type { NavMenuProps } from './nav-menus';
import { NAV_LINKS } from './nav-links';

const LazyNavMenu = makeLazy<NavMenuProps>(() => import('./nav-menus'));

function isActive(href: string, path: string) {
  return href === '/' ? path === '/' : path === href || path.startsWith(`${href}/`);
}

export function Nav() {
  const path = usePathname() ?? '/';
  const links = NAV_LINKS.map((l) => ({ ...l, current: isActive(l.href, path) }));
  return (
    <>
      <nav className="topnav" aria-label="Main">
        {links.map((l) => (
          // No viewport prefetch: a dozen routes' JavaScript on every page load (~50 KB gzip) would
          // double what a phone downloads for the page it opened; routes load when clicked.
          <Link key={l.href} href={l.href} prefetch={false} aria-current={l.current ? 'page' : undefined}>
            {l.label}
          </Link>
        ))}
      </nav>
      <LazyNavMenu
        key={path}
        links={links}
        triggerClass="topbar-btn nav-menu-btn"
        triggerProps={{ 'aria-label': 'Open navigation menu', 'data-testid': 'nav-menu' }}
        trigger={
          <>
            <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
              <path d="M2 4h12M2 8h12M2 12h12" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
            </svg>
            Menu
          </>
        }
      />
    </>
  );
}
