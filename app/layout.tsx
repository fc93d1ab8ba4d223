import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { getSyncStatus } from '@/metrics/sync-status';
import { ShellHeader } from '@/components/common/shell-header';
import { accessMode } from '@/lib/access/policy';
import { loadConfigCached } from '@/lib/config';
import { getServerContext } from './_server/context';
import { currentPrincipal } from './_server/current-principal';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Paved', template: '%s · Paved' },
  description: 'Delivery metrics and golden-path scorecards',
};

export const dynamic = 'force-dynamic';

function isOpenToAll(): boolean {
  try {
    return accessMode(loadConfigCached().config.auth) === 'none';
  } catch {
    return false;
  }
}

/**
 * The shell does not wait for the database: the sync status is a promise the header
 * streams in, so the document head (styles, scripts) reaches the browser at once and the
 * JavaScript downloads while the server computes the page.
 */
export default function RootLayout({ children }: { children: ReactNode }) {
  const status = getServerContext()
    .then(({ db }) => getSyncStatus(db))
    .catch(() => null);
  const account = currentPrincipal()
    .then((p) => (p ? { actor: p.actor, role: p.role, canSignOut: p.via === 'session' } : null))
    .catch(() => null);
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <ShellHeader status={status} account={account} />
        {isOpenToAll() ? (
          <p className="open-access-banner" role="alert" data-testid="open-access-banner">
            No sign-in: <code>auth.mode</code> is <code>none</code>, so anyone who can reach this server can read every
            page and API. Configure <code>auth</code> to require sign-in.
          </p>
        ) : null}
        <main id="main">{children}</main>
        <footer className="shell-footer">Paved — delivery metrics and golden-path scorecards.</footer>
      </body>
    </html>
  );
}
