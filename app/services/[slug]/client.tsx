'use client';

import Link from 'next/link';
import { drillSearch, type DashboardFilters } from '@/lib/filters';
import { ALL_DEPLOYMENTS } from '@/lib/query-keys';
import { DeploymentsList } from '../../_islands/deployments-list';
import { IncidentsList } from '../../_islands/incidents-list';
import { ScopeMetrics } from '../../_islands/scope-metrics';

/** A service's figures, stages and trends, then its deployments and incidents in the window. */
export function ServiceClient({ slug, filters }: { slug: string; filters: DashboardFilters }) {
  const scope = { service: slug };
  const window = { from: filters.from, to: filters.to };
  return (
    <>
      <section aria-labelledby="metrics-heading" className="section">
        <h2 id="metrics-heading" className="section-title">
          Delivery metrics
        </h2>
        <ScopeMetrics scope={scope} filters={filters} stages />
      </section>
      <section aria-labelledby="deployments-heading" className="section">
        <div className="section-head">
          <h2 id="deployments-heading" className="section-title">
            Recent deployments
          </h2>
          <span className="small">
            <Link prefetch={false} href={`/deployments?${drillSearch(window, scope)}`}>
              All deployments
            </Link>{' '}
            ·{' '}
            <Link prefetch={false} href={`/deployments?${drillSearch(window, scope, { failed: 'true' })}`}>
              Failed only
            </Link>
          </span>
        </div>
        <DeploymentsList
          scope={scope}
          window={window}
          filter={ALL_DEPLOYMENTS}
          pageSize={10}
          caption="Newest first. Open a row for the changes it shipped and, for a failure, the evidence behind it."
        />
      </section>
      <section aria-labelledby="incidents-heading" className="section">
        <h2 id="incidents-heading" className="section-title">
          Incidents
        </h2>
        <IncidentsList
          scope={scope}
          window={window}
          caption="Incidents created in the window with the deployment each was attributed to."
        />
      </section>
    </>
  );
}
