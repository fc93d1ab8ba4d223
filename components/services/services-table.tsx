'use client';

import Link from 'next/link';
import { useMemo, useState } from 'react';
import { formatDuration, formatNumber, formatPercent } from '../common/format';
import { LevelBadge } from '../common/level-badge';
import { EmptyState } from '../common/states';
import { byServiceName, SERVICES_PAGE } from '@/lib/service-list-order';
import type { ServiceListRow } from '@/scorecards/read/services-with-figures';

type SortKey = 'name' | 'team' | 'perWeek' | 'leadTimeSeconds' | 'failureRate' | 'recoverySeconds' | 'scorecardScore';
const COLUMNS: { key: SortKey; label: string; num?: boolean }[] = [
  { key: 'name', label: 'Service' },
  { key: 'team', label: 'Team' },
  { key: 'perWeek', label: 'Deploys / week' },
  { key: 'leadTimeSeconds', label: 'Lead time' },
  { key: 'failureRate', label: 'Change failure rate' },
  { key: 'recoverySeconds', label: 'Recovery time' },
  { key: 'scorecardScore', label: 'Scorecard' },
];

const thin = (r: ServiceListRow, key: SortKey) =>
  key in r.levelStatus && r.levelStatus[key as keyof ServiceListRow['levelStatus']] === 'not_enough_data';

/**
 * The services list: search by name, team or tier; sort by any column (nulls last); the first
 * SERVICES_PAGE rows, then more on request. While `rest` says more rows are on their way, it shows
 * the first rows by name, with search and sort held until the whole list is here.
 */
export function ServicesTable({
  rows,
  rest,
  drill,
  scorecardName,
  link = (path) => path,
}: {
  rows: ServiceListRow[];
  /** The list has `total` services and only the first rows are here: loading, or failed with `error`. */
  rest?: { total: number; error: string | null; retry: () => void };
  drill: (path: string, service: string, extra?: Record<string, string>) => string;
  scorecardName: string | null;
  /** A service or team page's address with the window the table shows. */
  link?: (path: string) => string;
}) {
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 }>({ key: 'name', dir: 1 });
  const [limit, setLimit] = useState(SERVICES_PAGE);
  // Searching or sorting the first rows alone would answer for the whole list wrongly.
  const held = rest !== undefined;
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    const value = (r: ServiceListRow): string | number | null =>
      sort.key === 'team' ? (r.team?.name ?? null) : r[sort.key as Exclude<SortKey, 'name' | 'team'>];
    return rows
      .filter(
        (r) =>
          !q ||
          [r.name, r.slug, r.team?.name ?? '', r.tier ?? '', r.lifecycle ?? ''].some((s) =>
            s.toLowerCase().includes(q),
          ),
      )
      .sort((a, b) => {
        // The first order, which the server's first rows follow (lib/service-list-order.ts).
        if (sort.key === 'name') return byServiceName(a, b) * sort.dir;
        const x = value(a);
        const y = value(b);
        if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
        // A figure on too few events (one failure in two deployments) does not lead the ranking.
        const [thinA, thinB] = [thin(a, sort.key), thin(b, sort.key)];
        if (thinA !== thinB) return thinA ? 1 : -1;
        return (x < y ? -1 : x > y ? 1 : 0) * sort.dir;
      });
  }, [rows, query, sort]);
  return (
    <>
      <div className="toolbar">
        <label htmlFor="service-search" className="sr-only">
          Search services
        </label>
        <input
          id="service-search"
          type="search"
          placeholder="Search by name, team, tier or lifecycle"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          disabled={held}
        />
        <span className="muted small" role="status" aria-live="polite" data-testid="services-shown">
          {rest
            ? `The first ${rows.length} of ${rest.total} services by name; ${rest.error ? 'the rest could not be loaded' : 'loading the rest…'}`
            : `${shown.length} of ${rows.length} services`}
        </span>
        {rest?.error ? (
          <span role="alert" className="small" data-testid="services-rest-error">
            {rest.error}{' '}
            <button type="button" onClick={rest.retry}>
              Retry
            </button>
          </span>
        ) : null}
      </div>
      {shown.length === 0 ? (
        <EmptyState title="No service matches">Try another name, or clear the search.</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="services-table">
            <caption>
              Figures over the selected window; a figure opens the rows behind it. Select a column heading to sort.
            </caption>
            <thead>
              <tr>
                {COLUMNS.map((c) => (
                  <th
                    key={c.key}
                    scope="col"
                    aria-sort={sort.key === c.key ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none'}
                  >
                    <button
                      type="button"
                      className="sort-button"
                      disabled={held}
                      onClick={() =>
                        setSort((s) => ({ key: c.key, dir: s.key === c.key ? (s.dir === 1 ? -1 : 1) : 1 }))
                      }
                    >
                      {c.label}{' '}
                      <span aria-hidden="true">{sort.key === c.key ? (sort.dir === 1 ? '↑' : '↓') : '↕'}</span>
                    </button>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {shown.slice(0, limit).map((r) => (
                <tr key={r.slug} data-service={r.slug}>
                  <th scope="row">
                    <Link href={link(`/services/${r.slug}`)}>{r.name}</Link>{' '}
                    <span className="muted small">{[r.tier, r.lifecycle].filter(Boolean).join(' · ')}</span>
                  </th>
                  <td>
                    {r.team ? (
                      <Link href={link(`/teams/${r.team.slug}`)}>{r.team.name ?? r.team.slug}</Link>
                    ) : (
                      <span className="muted">no team</span>
                    )}
                  </td>
                  <td>
                    <Link
                      prefetch={false}
                      href={drill('/deployments', r.slug)}
                      data-testid="service-deployments"
                      title={`${r.deployments} deployments`}
                    >
                      {formatNumber(r.perWeek, 1)}
                    </Link>{' '}
                    <LevelBadge level={r.deploymentLevel} status={r.levelStatus.perWeek} size="sm" />
                  </td>
                  <td>
                    <Link prefetch={false} href={drill('/changes', r.slug)}>
                      {formatDuration(r.leadTimeSeconds)}
                    </Link>{' '}
                    <LevelBadge level={r.leadTimeLevel} status={r.levelStatus.leadTimeSeconds} size="sm" />
                  </td>
                  <td>
                    <Link
                      prefetch={false}
                      href={drill('/deployments', r.slug, { failed: 'true' })}
                      data-testid="service-failed"
                    >
                      {formatPercent(r.failureRate)}
                    </Link>{' '}
                    <span className="muted small">({r.failed})</span>{' '}
                    <LevelBadge level={r.failureLevel} status={r.levelStatus.failureRate} size="sm" />
                  </td>
                  <td>
                    <Link prefetch={false} href={drill('/deployments', r.slug, { failed: 'true' })}>
                      {formatDuration(r.recoverySeconds)}
                    </Link>{' '}
                    <LevelBadge level={r.recoveryLevel} status={r.levelStatus.recoverySeconds} size="sm" />
                  </td>
                  <td>
                    {scorecardName ? (
                      <Link href={`/services/${r.slug}#scorecards`} className="plain">
                        {r.scorecardLevel ? (
                          <span className="pill">{r.scorecardLevel}</span>
                        ) : (
                          <span className="pill">none</span>
                        )}{' '}
                        <span className="muted small">{formatPercent(r.scorecardScore, 0)}</span>
                      </Link>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {shown.length > limit ? (
            <p className="toolbar" data-testid="services-more">
              <span className="muted small">
                The first {limit} of {shown.length} in this order.
              </span>
              <button type="button" onClick={() => setLimit((l) => l + SERVICES_PAGE)}>
                Show {Math.min(SERVICES_PAGE, shown.length - limit)} more
              </button>
              <button type="button" onClick={() => setLimit(shown.length)}>
                Show all {shown.length}
              </button>
            </p>
          ) : null}
        </div>
      )}
    </>
  );
}
