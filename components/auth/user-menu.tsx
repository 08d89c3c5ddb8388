import Link from 'next/link';
import { currentPrincipal } from '@/lib/auth/page';
import { LogoutButton } from './logout-button';

/** Server component for the top bar: who is logged in, Settings and Log out (or a Log in link). */
export async function UserMenu() {
  const p = await currentPrincipal();
  if (!p) return <Link href="/login">Log in</Link>;
  return (
    <span className="row" style={{ gap: '0.75rem' }}>
      <Link href="/settings" data-testid="user-menu">
        {p.name} ({p.role})
      </Link>
      <LogoutButton />
    </span>
  );
}
