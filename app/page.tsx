import { StatTile } from '@/components/common/stat-tile';
import { lastDays } from '@/lib/clock';
import { getOrganisationSummary } from '@/metrics/organisation-summary';
import { getServerContext } from './_server/context';

export const dynamic = 'force-dynamic';

export default async function OverviewPage() {
  const { db, loaded } = await getServerContext();
  const { from, to } = lastDays(30);
  const environments = loaded.config.github?.productionEnvironments ?? ['production', 'prod'];
  const summary = await getOrganisationSummary(db, { from, to, productionEnvironments: environments });
  const empty = summary.services === 0;
  return (
    <>
      <h1>Overview</h1>
      <p className="subtitle">
        Last 30 days: {from.toISOString().slice(0, 10)} to {to.toISOString().slice(0, 10)} (UTC)
      </p>
      {empty ? (
        <section className="panel" aria-live="polite">
          <h2>No services yet</h2>
          <p className="muted">Run <code>npm run sync</code> after configuring GitHub or PagerDuty in paved.config.yaml, or remove the configuration to see the demo organisation.</p>
        </section>
      ) : (
        <div className="tiles">
          <StatTile label="Services" value={summary.services} note={`${summary.teams} teams, ${summary.repositories} repositories`} testId="services-count" />
          <StatTile label="Production deployments" value={summary.deployments} note={`${summary.failedAttempts} failed attempts not counted`} testId="deployments-count" />
          <StatTile label="Incidents" value={summary.incidents} note={`${summary.openIncidents} open now`} testId="incidents-count" />
        </div>
      )}
    </>
  );
}
