/**
 * Header account area (server component): "Set up" before the first admin exists, "Log in" for
 * visitors, and the user menu (Settings, Log out) once signed in.
 */
import Link from 'next/link';
import { connection } from 'next/server';
import { getDb } from '@/db/client';
import { userCount } from '@/db/queries/users';
import { currentPrincipal } from '@/lib/auth/page';
import { LoginLink } from './nav-login';
import { UserDropdown } from './nav-user';

export async function HeaderAuth() {
  // Who is signed in is per request: no page may be prerendered with a frozen header.
  await connection();
  let users = 1;
  try {
    users = userCount(getDb());
  } catch {
    // A store that cannot open is reported by the page itself; the header stays usable.
  }
  if (users === 0) {
    return (
      <Link
        className="topbar-btn"
        href="/setup"
        data-testid="setup-link"
        title="No account exists yet: create the first admin"
      >
        Set up
      </Link>
    );
  }
  const p = await currentPrincipal();
  if (!p) return <LoginLink />;
  return <UserDropdown name={p.name} role={p.role} />;
}
