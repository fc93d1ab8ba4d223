import { Suspense } from 'react';
import { AccountMenu, type Account } from './account-menu';
import { IntentLink } from './intent-link';
import { NavLinks } from './nav-links';
import type { SyncStatus } from '@/metrics/sync-status';

const NAV = [
  { href: '/', label: 'Overview' },
  { href: '/services', label: 'Services' },
  { href: '/teams', label: 'Teams' },
  { href: '/scorecards', label: 'Scorecards' },
  { href: '/initiatives', label: 'Initiatives' },
  { href: '/roadmap', label: 'Roadmap' },
  { href: '/data-quality', label: 'Data quality' },
] as const;

/** The top bar: product name, navigation, and whether the data is the demo organisation. */
export function ShellHeader({
  status,
  account,
}: {
  status: Promise<SyncStatus | null>;
  account: Promise<Account | null>;
}) {
  return (
    <header className="shell-header">
      <IntentLink className="brand" href="/">
        Paved
      </IntentLink>
      {/* Links carry the page's range and team, read from its URL once the page renders. */}
      <Suspense fallback={<PlainNav />}>
        <NavLinks items={NAV} />
      </Suspense>
      <Suspense fallback={<div className="header-status" />}>
        <HeaderStatus status={status} />
      </Suspense>
      <AccountMenu account={account} />
    </header>
  );
}

function PlainNav() {
  return (
    <nav className="nav" aria-label="Main">
      {NAV.map((item) => (
        <IntentLink key={item.href} href={item.href}>
          {item.label}
        </IntentLink>
      ))}
    </nav>
  );
}

/** Demo badge and last sync; streamed in, so the rest of the page never waits for it. */
async function HeaderStatus({ status: pending }: { status: Promise<SyncStatus | null> }) {
  const status = await pending;
  const lastRun = status?.lastRun;
  return (
    <div className="header-status">
      {status?.demo ? (
        <span
          className="badge"
          data-testid="demo-badge"
          title="No GitHub or PagerDuty source is configured: this is a generated organisation."
        >
          Demo data
        </span>
      ) : null}
      {lastRun ? (
        <span>
          Last sync {lastRun.status}{' '}
          <time dateTime={lastRun.startedAt}>{lastRun.startedAt.slice(0, 16).replace('T', ' ')} UTC</time>
        </span>
      ) : (
        <span>No sync yet</span>
      )}
    </div>
  );
}
