import { formatDuration } from '@/components/common/format';
import { StatTile } from '@/components/common/stat-tile';
import { EmptyState } from '@/components/common/states';
import { ScopeMetricsView } from '@/components/metrics/scope-metrics-view';
import { TeamsTable, type TeamRow } from '@/components/metrics/teams-table';
import Link from 'next/link';
import { carry, COMPARISON_LABEL, drillSearch, filterSearch, type DashboardFilters } from '@/lib/filters';
import type { DoraReport } from '@/metrics/dora-report';
import type { OrganisationSummary } from '@/metrics/organisation-summary';
import type { TodaySoFar } from '@/metrics/today-so-far';
import { TodaySoFarStrip } from '@/components/metrics/today-so-far';

/** The period comparison at this window and comparison (its own default range is this quarter, so the range is always named). */
function periodComparisonHref(filters: DashboardFilters) {
  const search = filterSearch({ ...filters, team: null });
  search.set('range', filters.range);
  return `/compare?${search}`;
}

/**
 * The overview's figures, rendered on the server: plain HTML and links, so the browser only
 * hydrates the links and the trend charts (which load after the page is interactive).
 */
export function OverviewFigures({
  filters,
  teams,
  summary,
  report,
  series,
  today,
}: {
  filters: DashboardFilters;
  today: TodaySoFar;
  teams: TeamRow[];
  summary: OrganisationSummary;
  report: DoraReport;
  series: Parameters<typeof ScopeMetricsView>[0]['series'];
}) {
  const w = { from: filters.from, to: filters.to, compare: filters.compare };
  const scope = { team: filters.team };
  const drill = (path: string, extra: Record<string, string> = {}) => `${path}?${drillSearch(w, scope, extra)}`;
  const selected = teams.find((t) => t.slug === filters.team);
  const d = report;
  const noData = d.deploymentFrequency.deployments === 0 && d.timeToRestore.incidents === 0;

  return (
    <>
      <TodaySoFarStrip today={today} />
      <div className="tiles tiles-summary">
        <StatTile
          label="Services"
          value={selected ? selected.services : summary.services}
          note={selected ? 'in this team' : `${summary.teams} teams, ${summary.repositories} repositories`}
          testId="services-count"
          href={selected ? `/teams/${selected.slug}` : '/services'}
        />
        <StatTile
          label="Production deployments"
          value={d.deploymentFrequency.deployments}
          note={selected ? 'of this team’s services' : `${summary.failedAttempts} failed attempts not counted`}
          testId="deployments-count"
          href={drill('/deployments')}
        />
        <StatTile
          label="Incidents"
          value={selected ? d.timeToRestore.incidents : summary.incidents}
          note={selected ? 'counted for time to restore' : `${summary.openIncidents} open now`}
          testId="incidents-count"
          href={drill('/incidents')}
        />
        <StatTile
          label="Time to restore service"
          value={formatDuration(d.timeToRestore.medianSeconds)}
          note={`median over ${d.timeToRestore.resolved} resolved incidents`}
          testId="restore-time"
          href={drill('/incidents')}
        />
      </div>

      {noData ? (
        <EmptyState title="Nothing was deployed in this window">
          Choose a longer range, or check the <a href="/data-quality">data quality page</a> for repositories without
          deployments.
        </EmptyState>
      ) : null}

      <section aria-labelledby="metrics-heading" className="section">
        <h2 id="metrics-heading" className="section-title">
          The five delivery metrics
        </h2>
        <p className="small">
          <Link prefetch={false} href={periodComparisonHref(filters)} data-testid="period-comparison-link">
            Compare this window with {COMPARISON_LABEL[filters.compare].toLowerCase()}, team by team
          </Link>
        </p>
        <ScopeMetricsView report={report} series={series} scope={scope} filters={filters} />
      </section>

      <section aria-labelledby="teams-heading" className="section deferred-render">
        <h2 id="teams-heading" className="section-title">
          Teams
        </h2>
        {teams.length === 0 ? (
          <EmptyState title="No teams yet">Teams come from paved.config.yaml or catalog-info.yaml owners.</EmptyState>
        ) : (
          <TeamsTable
            caption={`Each team's pooled figures, ${filters.fromDay} to ${filters.toDay}. Select a figure to see the rows behind it.`}
            rows={teams}
            drill={(path, team, extra = {}) => `${path}?${drillSearch(w, { team }, extra)}`}
            link={(path) => carry(path, filters)}
          />
        )}
      </section>
    </>
  );
}
