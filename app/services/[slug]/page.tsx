import { TodaySoFarStrip } from '@/components/metrics/today-so-far';
import { carry } from '@/lib/filters';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/common/page-header';
import { EmptyState } from '@/components/common/states';
import { FilterBar } from '@/components/filters/filter-bar';
import { BadgeSnippet } from '@/components/scorecards/badge-snippet';
import { ServiceResults } from '@/components/scorecards/service-results';
import { FiltersError } from '@/components/filters/filters-error';
import { resolveFilters } from '@/lib/resolve-filters';
import { serviceBySlug } from '../../_server/request-lookups';
import { loadServicePage } from '../../_server/load-service-page';
import { ServiceClient } from './client';
import { QueryIsland } from '../../_islands/query-island';

export const dynamic = 'force-dynamic';

type Props = {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props) {
  return { title: (await serviceBySlug((await params).slug))?.name ?? 'Service not found' };
}

export default async function ServicePage({ params, searchParams }: Props) {
  const { slug } = await params;
  const resolved = resolveFilters(await searchParams);
  if (!resolved.ok) return <FiltersError title="Service" message={resolved.message} filters={resolved.filters} />;
  const { filters } = resolved;
  const data = await loadServicePage(slug, filters);
  if (!data) notFound();
  const { service, cards } = data;
  return (
    <>
      <PageHeader
        title={service.name}
        eyebrow={
          <>
            <Link href={carry('/services', filters)}>Services</Link> /{' '}
            {service.team ? (
              <Link href={carry(`/teams/${service.team.slug}`, filters)}>{service.team.name ?? service.team.slug}</Link>
            ) : (
              'no team'
            )}
          </>
        }
        subtitle={`${filters.fromDay} to ${filters.toDay} (UTC)`}
      >
        <FilterBar filters={filters} teams={[]} showTeam={false} />
      </PageHeader>
      <p className="facts">
        {service.tier ? (
          <span>
            Tier <strong>{service.tier}</strong>
          </span>
        ) : null}
        {service.lifecycle ? (
          <span>
            Lifecycle <strong>{service.lifecycle}</strong>
          </span>
        ) : null}
        <span>
          Repositories <strong>{service.repositories.join(', ') || 'none'}</strong>
        </span>
        <span>
          PagerDuty <strong>{service.pagerdutyServices.join(', ') || 'not linked'}</strong>
        </span>
      </p>
      {service.description ? <p className="muted">{service.description}</p> : null}
      <TodaySoFarStrip today={data.today} />
      <QueryIsland state={data.state}>
        <ServiceClient slug={slug} filters={filters} />
      </QueryIsland>
      <section className="section" id="scorecards" aria-labelledby="scorecards-heading">
        <h2 id="scorecards-heading" className="section-title">
          Scorecards
        </h2>
        {cards.length === 0 ? (
          <EmptyState title="No scorecard is configured">
            {data.scorecardsError ?? 'Add a scorecard to scorecards.yaml to see how this service does.'}
          </EmptyState>
        ) : (
          <>
            {cards.map((c) => (
              <ServiceResults key={c.scorecard.id} card={c} />
            ))}
            <BadgeSnippet slug={slug} origin={data.origin} scorecardName={cards[0]!.scorecard.name} />
          </>
        )}
      </section>
    </>
  );
}
