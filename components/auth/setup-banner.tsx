import Link from 'next/link';
import { getDb } from '@/db/client';
import { userCount } from '@/db/queries/users';

/** Server component for the root layout: shown while no account exists (open read-only mode). */
export function SetupBanner() {
  if (userCount(getDb()) > 0) return null;
  return (
    <div className="banner no-print" role="status">
      No account exists yet: this dashboard is readable by anyone who can reach it, and changes are disabled.{' '}
      <Link href="/setup">Create the first admin account</Link>
    </div>
  );
}
