import { dehydrate } from '@tanstack/react-query';
import Link from 'next/link';
import { PageHeader } from '@/components/common/page-header';
import { DigestPreview } from '@/components/notifications/digest-preview';
import { now } from '@/lib/clock';
import { makeQueryClient } from '@/lib/query-client';
import { listTeams } from '@/metrics/catalog-views';
import { buildDigest } from '@/notifications/build-digest';
import { channelId, channelsFor } from '@/notifications/channels';
import { digestSections, metricRows, periodLine, titleOf } from '@/notifications/render/lines';
import { digestParams } from '@/notifications/requests';
import { scorecardsForRequest } from '@/scorecards/request-scorecards';
import { getServerContext } from '../_server/context';
import { currentPrincipal } from '../_server/current-principal';
import { QueryIsland } from '../_islands/query-island';
import { TestMessage } from './client';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Digest preview' };

/**
 * /digests?team= — what this period's digest of a team (or the organisation) says, in the words
 * every channel sends, which channels get it, and, for an admin, a test message.
 */
export default async function DigestsPage({ searchParams }: { searchParams: Promise<Record<string, string>> }) {
  const parsed = digestParams.safeParse(await searchParams);
  const team = parsed.success ? (parsed.data.team ?? null) : null;
  const { db, loaded } = await getServerContext();
  const sc = scorecardsForRequest(loaded);
  const [teams, principal, digest] = await Promise.all([
    listTeams(db),
    currentPrincipal(),
    parsed.success && sc.ok ? buildDigest(db, loaded.config, sc.scorecards, team, now()) : null,
  ]);
  const channels = channelsFor(loaded.config.notifications, team, 'test');
  const admin = principal?.role === 'admin' || principal?.via === 'open';
  return (
    <>
      <PageHeader
        title="Digest preview"
        subtitle={digest ? titleOf(digest) : 'What a weekly digest says, before it goes out.'}
      />
      <nav aria-label="Digest of" className="small">
        <Link href="/digests" aria-current={team === null ? 'page' : undefined}>
          Organisation
        </Link>
        {teams.map((t) => (
          <span key={t.slug}>
            {' · '}
            <Link href={`/digests?team=${t.slug}`} aria-current={team === t.slug ? 'page' : undefined}>
              {t.name}
            </Link>
          </span>
        ))}
      </nav>
      {!parsed.success ? (
        <p className="panel" role="alert">
          team: expected a team slug.
        </p>
      ) : !sc.ok ? (
        <p className="panel" role="alert">
          {sc.message}
        </p>
      ) : !digest ? (
        <p className="panel" role="alert">
          No team &ldquo;{team}&rdquo;.
        </p>
      ) : (
        <DigestPreview
          period={periodLine(digest)}
          rows={metricRows(digest)}
          sections={digestSections(digest)}
          link={digest.links.dashboard}
        />
      )}
      <section className="section" aria-labelledby="channels-heading">
        <h2 id="channels-heading" className="section-title">
          Channels
        </h2>
        {channels.length === 0 ? (
          <p className="muted small" data-testid="digest-channels">
            None: add some under <code>{team ? `notifications.teams.${team}` : 'notifications.organisation'}</code>{' '}
            (docs/notifications.md).
          </p>
        ) : (
          <ul data-testid="digest-channels">
            {channels.map((c) => (
              <li key={channelId(c)}>
                <code>{channelId(c)}</code>
                {c.digest ? ' · digest' : ''}
                {c.alerts ? ' · alerts' : ''}
              </li>
            ))}
          </ul>
        )}
        {admin && channels.length > 0 && digest ? (
          <QueryIsland state={dehydrate(makeQueryClient())}>
            <TestMessage team={team} askToken={principal?.role !== 'admin'} />
          </QueryIsland>
        ) : null}
      </section>
    </>
  );
}
