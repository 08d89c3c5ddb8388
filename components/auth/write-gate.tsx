/**
 * Server component around a write form (import, new sweep, study changes): the form for someone
 * who may use it, otherwise one sentence with the way in: "Log in to import results" (anonymous),
 * "Set up the first admin account" (fresh install: nobody can log in yet), or the role it needs.
 * A live form whose submit answers 'send "Authorization: Bearer"' was the alternative.
 */
import Link from 'next/link';
import type { ReactNode } from 'react';
import { headers } from 'next/headers';
import { getDb } from '@/db/client';
import { currentPrincipal } from '@/lib/auth/page';
import { isOpenInstall, type Principal } from '@/lib/auth/principal';
import { roleAtLeast, type Role } from '@/lib/auth/roles';

export type WriteAccess = { ok: true } | { ok: false; reason: 'setup' | 'login' | 'role'; detail: string };

/** Whether the viewer may use a form that needs `role`, and if not, why. */
export async function writeAccess(role: Role, also?: (p: Principal) => string | null): Promise<WriteAccess> {
  const p = await currentPrincipal();
  if (p && p.via !== 'open') {
    const refused = roleAtLeast(p.role, role) ? (also?.(p) ?? null) : null;
    if (refused) return { ok: false, reason: 'role', detail: refused };
    if (roleAtLeast(p.role, role)) return { ok: true };
    return {
      ok: false,
      reason: 'role',
      detail: `you are signed in as ${p.name} (${p.role}); it needs the ${role} role (ask an admin to change your role)`,
    };
  }
  if (isOpenInstall(getDb())) return { ok: false, reason: 'setup', detail: 'no account exists yet' };
  return { ok: false, reason: 'login', detail: 'you are not logged in' };
}

export async function WriteGate({
  role,
  action,
  also,
  children,
}: {
  role: Role;
  /** What the form does, after "to": "import results". */
  action: string;
  /** A further rule for signed-in users with the role (a sentence when refused). */
  also?: (p: Principal) => string | null;
  children: ReactNode;
}) {
  const access = await writeAccess(role, also);
  if (access.ok) return <>{children}</>;
  const next = (await headers()).get('x-jb-path') ?? '/';
  return (
    <div className="card note note-info" data-testid="write-gate" data-reason={access.reason}>
      {access.reason === 'setup' && (
        <p>
          <Link className="btn btn-primary btn-small" href="/setup">
            Set up the first admin account
          </Link>{' '}
          to {action}. Until an account exists the dashboard is read-only; setting up logs you in.
        </p>
      )}
      {access.reason === 'login' && (
        <p>
          <Link className="btn btn-primary btn-small" href={`/login?next=${encodeURIComponent(next)}`}>
            Log in
          </Link>{' '}
          to {action}.
        </p>
      )}
      {access.reason === 'role' && (
        <p>
          You cannot {action}: {access.detail}.
        </p>
      )}
    </div>
  );
}
