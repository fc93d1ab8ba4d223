'use client';

import { usePathname, useRouter } from 'next/navigation';
import { Suspense, use, useState, useTransition } from 'react';
import { COMPARISONS, type ComparisonPeriod } from '@/lib/comparison-window';
import {
  COMPARISON_LABEL,
  defaultComparison,
  filterSearch,
  RANGES,
  type DashboardFilters,
  type RangeId,
} from '@/lib/filters';

const RANGE_LABEL: Record<RangeId, string> = {
  '30': '30 days',
  '90': '90 days',
  '180': '180 days',
  'this-month': 'This month',
  'last-month': 'Last month',
  'this-quarter': 'This quarter',
  'last-quarter': 'Last quarter',
  custom: 'Custom',
};

type Team = { slug: string; name: string };

/**
 * Date range, what it is compared with, and team, kept in the URL so a view can be shared. Changing one navigates; the
 * server renders the new figures while the old ones stay on screen, marked as updating.
 * `teams` may be a promise: the range controls then work at once and the team list streams in.
 */
export function FilterBar({
  filters,
  teams,
  showTeam = true,
  explicitRange = false,
  keep = {},
}: {
  filters: DashboardFilters;
  teams: readonly Team[] | Promise<readonly Team[]>;
  showTeam?: boolean;
  /** Always put the range in the URL: for a view whose own default range is not the dashboard's. */
  explicitRange?: boolean;
  /** A page's own parameters (the roadmap's tier and level), kept when the window or team changes. */
  keep?: Record<string, string | null>;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const [pending, startTransition] = useTransition();
  const [custom, setCustom] = useState(filters.range === 'custom');
  const [fromDay, setFromDay] = useState(filters.fromDay);
  const [toDay, setToDay] = useState(filters.toDay);

  const go = (next: Partial<DashboardFilters>) => {
    // A comparison left at its range's default follows the new range's default (a quarter compares with the quarter before).
    const followsRange = next.range !== undefined && filters.compare === defaultComparison(filters.range);
    const compare = next.compare ?? (followsRange ? defaultComparison(next.range!) : filters.compare);
    const params = filterSearch({ ...filters, ...next, compare });
    if (explicitRange) params.set('range', next.range ?? filters.range);
    for (const [k, v] of Object.entries(keep)) if (v) params.set(k, v);
    const search = params.toString();
    startTransition(() => router.push(search ? `${pathname}?${search}` : pathname, { scroll: false }));
  };

  return (
    <div className="filter-bar" data-pending={pending || undefined}>
      <div className="segmented" role="group" aria-label="Date range">
        {RANGES.map((r) => {
          const active = r === 'custom' ? custom : !custom && filters.range === r;
          return (
            <button
              key={r}
              type="button"
              aria-pressed={active}
              onClick={() => (r === 'custom' ? setCustom(true) : (setCustom(false), go({ range: r })))}
            >
              {RANGE_LABEL[r]}
            </button>
          );
        })}
      </div>
      {custom ? (
        <form
          className="custom-range"
          onSubmit={(e) => {
            e.preventDefault();
            if (fromDay && toDay && fromDay <= toDay) go({ range: 'custom', fromDay, toDay });
          }}
        >
          <label>
            From <input type="date" value={fromDay} max={toDay} onChange={(e) => setFromDay(e.target.value)} required />
          </label>
          <label>
            To <input type="date" value={toDay} min={fromDay} onChange={(e) => setToDay(e.target.value)} required />
          </label>
          <button type="submit" className="button">
            Apply
          </button>
        </form>
      ) : null}
      <span className="compare-select">
        <label htmlFor="compare-filter">Compared with</label>{' '}
        <select
          id="compare-filter"
          value={filters.compare}
          onChange={(e) => go({ compare: e.target.value as ComparisonPeriod })}
        >
          {COMPARISONS.map((c) => (
            <option key={c} value={c}>
              {COMPARISON_LABEL[c]}
            </option>
          ))}
        </select>
      </span>
      {showTeam ? (
        <span className="team-select">
          <label htmlFor="team-filter">Team</label>{' '}
          {Array.isArray(teams) ? (
            <TeamSelect value={filters.team} teams={teams} onChange={(team) => go({ team })} />
          ) : (
            <Suspense
              fallback={
                <select id="team-filter" value={filters.team ?? ''} disabled onChange={() => undefined}>
                  <option value={filters.team ?? ''}>{filters.team ?? 'All teams'}</option>
                </select>
              }
            >
              <StreamedTeamSelect
                value={filters.team}
                teams={teams as Promise<readonly Team[]>}
                onChange={(team) => go({ team })}
              />
            </Suspense>
          )}
        </span>
      ) : null}
      <span className="pending" role="status" aria-live="polite">
        {pending ? 'Updating…' : ''}
      </span>
    </div>
  );
}

function StreamedTeamSelect({
  teams,
  ...rest
}: {
  value: string | null;
  teams: Promise<readonly Team[]>;
  onChange: (team: string | null) => void;
}) {
  return <TeamSelect teams={use(teams)} {...rest} />;
}

function TeamSelect({
  value,
  teams,
  onChange,
}: {
  value: string | null;
  teams: readonly Team[];
  onChange: (team: string | null) => void;
}) {
  return (
    <select id="team-filter" value={value ?? ''} onChange={(e) => onChange(e.target.value || null)}>
      <option value="">All teams</option>
      {teams.map((t) => (
        <option key={t.slug} value={t.slug}>
          {t.name}
        </option>
      ))}
    </select>
  );
}
