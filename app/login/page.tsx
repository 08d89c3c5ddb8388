import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { userCount } from '@/db/queries/users';
import { CredentialsForm } from '@/components/auth/login-form';
import { loginErrorMessage, safeNextPath } from '@/lib/auth/access-policy';
import { currentPrincipal } from '@/lib/auth/page';

export const dynamic = 'force-dynamic';

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string; error?: string }>;
}) {
  const sp = await searchParams;
  const next = safeNextPath(sp.next);
  if (userCount(getDb()) === 0) redirect('/setup');
  if (await currentPrincipal()) redirect(next);
  return (
    <div className="card stack" style={{ maxWidth: 460, margin: '2rem auto' }}>
      <h1>Log in</h1>
      <CredentialsForm mode="login" next={next} initialError={loginErrorMessage(sp.error)} />
      <p className="muted">
        Forgot your password? An admin can reset it in Settings, or on the server:{' '}
        <code>joulebench user set-password --name NAME</code>. Managers with a share link do not need an account.{' '}
        <Link href="/">Back</Link>
      </p>
    </div>
  );
}
