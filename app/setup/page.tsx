import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { userCount } from '@/db/queries/users';
import { CredentialsForm } from '@/components/auth/login-form';
import { setupErrorMessage } from '@/lib/auth/access-policy';

export const dynamic = 'force-dynamic';

/** First start: create the first admin. Closed (redirects to /login) once any account exists. */
export default async function SetupPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const { error } = await searchParams;
  if (userCount(getDb()) > 0) redirect('/login');
  return (
    <div className="stack">
      <h1>Create the first admin account</h1>
      <p className="muted" style={{ maxWidth: 640 }}>
        Until an account exists, anyone who can reach this server can read the dashboard, and nobody can change
        anything. Once you create this account, every page and API needs a login or an API token; managers open reports
        through share links. You can also do this on the server:{' '}
        <code>joulebench user create --role admin --name NAME --password-stdin</code>.
      </p>
      <CredentialsForm mode="setup" next="/" initialError={setupErrorMessage(error)} />
    </div>
  );
}
