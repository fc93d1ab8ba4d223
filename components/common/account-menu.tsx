import { Suspense } from 'react';
import { IntentLink } from './intent-link';

export interface Account {
  actor: string;
  role: 'viewer' | 'admin';
  /** A browser session, which a sign-out ends (a proxy or open access has none). */
  canSignOut: boolean;
}

/** Who is signed in, the admin pages for admins, and sign-out; streamed in like the sync status. */
export function AccountMenu({ account }: { account: Promise<Account | null> }) {
  return (
    <Suspense fallback={null}>
      <AccountDetails account={account} />
    </Suspense>
  );
}

async function AccountDetails({ account: pending }: { account: Promise<Account | null> }) {
  const account = await pending;
  if (!account || account.actor === 'anonymous') return null;
  return (
    <div className="account-menu" data-testid="account">
      <span>
        {account.actor} ({account.role})
      </span>
      {account.role === 'admin' ? (
        <>
          <IntentLink href="/admin/tokens">Tokens</IntentLink>
          <IntentLink href="/admin/audit">Audit log</IntentLink>
        </>
      ) : null}
      {account.canSignOut ? (
        <form method="post" action="/auth/sign-out">
          <button type="submit" className="button secondary">
            Sign out
          </button>
        </form>
      ) : null}
    </div>
  );
}
