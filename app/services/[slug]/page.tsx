import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { headers } from 'next/headers';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/common/page-header';
import { EmptyState } from '@/components/common/states';
import { FilterBar } from '@/components/filters/filter-bar';
import { BadgeSnippet } from '@/components/scorecards/badge-snippet';
import { ServiceResults } from '@/components/scorecards/service-results';
import { resolveFilters } from '@/lib/resolve-filters';
import { makeQueryClient } from '@/lib/query-client';
import { listServices } from '@/metrics/catalog-views';
import { resolveScope } from '@/metrics/scope';
import { getServiceScorecard } from '@/scorecards/read/get-service-scorecard';
import { scorecardsForRequest } from '@/scorecards/request-scorecards';
import { getServerContext } from '../../_server/context';
import { prefetchActivity, prefetchScopeMetrics } from '../../_server/prefetch';
import { ServiceClient } from './client';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props) {
  return { title: (await params).slug };
}

export default async function ServicePage({ params, searchParams }: Props) {
  const { slug } = await params;
  const filters = resolveFilters(await searchParams);
  const { db, loaded } = await getServerContext();
  const [[service], resolved] = await Promise.all([listServices(db, { slug }), resolveScope(db, { type: 'service', slug })]);
  if (!service || !resolved) notFound();
  const client = makeQueryClient();
  const scope = { service: slug };
  const sc = scorecardsForRequest(loaded);
  const [, , cards, head] = await Promise.all([
    prefetchScopeMetrics(client, db, loaded.config, scope, filters),
    prefetchActivity(client, db, loaded.config, scope, resolved, filters),
    sc.ok ? Promise.all(sc.scorecards.scorecards.map((c) => getServiceScorecard(db, sc.scorecards, c.id, slug))) : Promise.resolve([]),
    headers(),
  ]);
  const origin = `${head.get('x-forwarded-proto') ?? 'http'}://${head.get('host') ?? 'localhost'}`;
  const first = cards.find((c) => c !== null) ?? null;
  return (
    <>
      <PageHeader
        title={service.name}
        eyebrow={<><Link href="/services">Services</Link> / {service.team ? <Link href={`/teams/${service.team.slug}`}>{service.team.name ?? service.team.slug}</Link> : 'no team'}</>}
        subtitle={`${filters.fromDay} to ${filters.toDay} (UTC)`}
      >
        <FilterBar filters={filters} teams={[]} showTeam={false} />
      </PageHeader>
      <p className="facts">
        {service.tier ? <span>Tier <strong>{service.tier}</strong></span> : null}
        {service.lifecycle ? <span>Lifecycle <strong>{service.lifecycle}</strong></span> : null}
        <span>Repositories <strong>{service.repositories.join(', ') || 'none'}</strong></span>
        <span>PagerDuty <strong>{service.pagerdutyServices.join(', ') || 'not linked'}</strong></span>
      </p>
      {service.description ? <p className="muted">{service.description}</p> : null}
      <HydrationBoundary state={dehydrate(client)}>
        <ServiceClient slug={slug} filters={filters} />
      </HydrationBoundary>
      <section className="section" id="scorecards" aria-labelledby="scorecards-heading">
        <h2 id="scorecards-heading" className="section-title">Scorecards</h2>
        {cards.length === 0 || !first ? (
          <EmptyState title="No scorecard is configured">{sc.ok ? 'Add a scorecard to scorecards.yaml to see how this service does.' : sc.message}</EmptyState>
        ) : (
          <>
            {cards.map((c) => (c ? <ServiceResults key={c.scorecard.id} card={c} /> : null))}
            <BadgeSnippet slug={slug} origin={origin} scorecardName={first.scorecard.name} />
          </>
        )}
      </section>
    </>
  );
}
