import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { getSyncStatus } from '@/metrics/sync-status';
import { ShellHeader } from '@/components/common/shell-header';
import { getServerContext } from './_server/context';
import { Providers } from './providers';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Paved', template: '%s · Paved' },
  description: 'Delivery metrics and golden-path scorecards',
};

export const dynamic = 'force-dynamic';

export default async function RootLayout({ children }: { children: ReactNode }) {
  const status = await getServerContext()
    .then(({ db }) => getSyncStatus(db))
    .catch(() => null);
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">Skip to content</a>
        <ShellHeader status={status} />
        <main id="main">
          <Providers>{children}</Providers>
        </main>
        <footer className="shell-footer">Paved — delivery metrics and golden-path scorecards.</footer>
      </body>
    </html>
  );
}
