import { redirect } from 'next/navigation';
import { SettingsClient } from '@/components/auth/settings-client';
import { currentPrincipal } from '@/lib/auth/page';
import { getDb } from '@/db/client';
import { userCount } from '@/db/queries/users';

export const dynamic = 'force-dynamic';

/** Account settings: API tokens (everyone), users and access settings (admins), own password. */
export default async function SettingsPage() {
  if (userCount(getDb()) === 0) redirect('/setup');
  const p = await currentPrincipal();
  if (!p) redirect('/login?next=/settings');
  return (
    <div className="stack">
      <h1>Settings</h1>
      <p className="muted">
        Signed in as <strong>{p.name}</strong> ({p.role}).
      </p>
      <SettingsClient role={p.role} via={p.via} />
    </div>
  );
}
