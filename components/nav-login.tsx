'use client';
/** "Log in" link that brings you back to the page you were on. */
import Link from 'next/link';
import { usePathname } from 'next/navigation';

export function LoginLink() {
  const path = usePathname() ?? '/';
  const next = path.startsWith('/login') || path.startsWith('/setup') ? '' : `?next=${encodeURIComponent(path)}`;
  return (
    <Link className="topbar-btn" href={`/login${next}`} data-testid="login-link">
      Log in
    </Link>
  );
}
