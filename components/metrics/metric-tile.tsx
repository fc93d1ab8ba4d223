import Link from 'next/link';
import type { ComparisonStatus } from '@/metrics/comparison';
import type { LevelStatus } from '@/metrics/definitions';
import type { TargetStatus } from '@/metrics/targets';
import { LevelBadge } from '../common/level-badge';
import { Sparkline } from '../charts/sparkline';

export interface MetricTileProps {
  id: string;
  name: string;
  value: string;
  unit: string;
  level: string | null;
  levelStatus: LevelStatus;
  /** null: the metric has no level in the benchmark. */
  benchmark: string | null;
  change: {
    text: string;
    tone: 'better' | 'worse' | 'same';
    direction: 'up' | 'down' | 'flat' | 'none';
    status: ComparisonStatus;
  } | null;
  previousLabel: string;
  detail: { text: string; href: string; testId?: string };
  trend: (number | null)[];
  trendLabel: string;
  /** The scope's targets on this metric, judged over the window. */
  targets: TargetStatus[];
}

const TARGET_WORDS: Record<TargetStatus['status'], string> = {
  on_track: 'On track',
  off_track: 'Off track',
  not_enough_data: 'Not enough data',
};

/** A target's state and goal in words: "Off track · past due: target change failure rate ≤ 10% by 2026-09-30". */
export function TargetLine({ target: t }: { target: TargetStatus }) {
  return (
    <>
      <span className={`target-state target-${t.status}`}>
        {TARGET_WORDS[t.status]}
        {t.overdue ? ' · past due' : ''}
      </span>{' '}
      <span>
        target {t.goal}
        {t.due ? ` by ${t.due}` : ''}
      </span>
    </>
  );
}

/** One DORA metric: value and unit, level with its benchmark, change, trend, and the rows behind it. */
export function MetricTile(p: MetricTileProps) {
  return (
    <section className="tile metric-tile" aria-labelledby={`tile-${p.id}`} data-metric={p.id}>
      <h2 className="tile-label" id={`tile-${p.id}`}>
        {p.name}
      </h2>
      <p className="tile-value">
        <span data-testid={`metric-${p.id}`}>{p.value}</span> <span className="tile-unit">{p.unit}</span>
      </p>
      <div className="tile-row">
        {p.benchmark ? (
          <LevelBadge level={p.level} benchmark={p.benchmark} size="sm" status={p.levelStatus} />
        ) : (
          <span className="level level-none level-sm">No DORA level</span>
        )}
      </div>
      <p className={`tile-change change-${p.change?.tone ?? 'same'}`} data-comparison={p.change?.status}>
        {p.change ? (
          <>
            {p.change.direction === 'none' ? null : (
              <span aria-hidden="true">
                {p.change.direction === 'up' ? '↗' : p.change.direction === 'down' ? '↘' : '→'}
              </span>
            )}{' '}
            {p.change.text} <span className="muted">{p.previousLabel}</span>
          </>
        ) : (
          <span className="muted">No previous figure to compare</span>
        )}
      </p>
      {p.targets.length ? (
        <ul className="tile-targets small" aria-label="Targets">
          {p.targets.map((t) => (
            <li key={t.id} data-target={t.id} data-status={t.status} title={t.reason}>
              <TargetLine target={t} />
            </li>
          ))}
        </ul>
      ) : null}
      <Sparkline values={p.trend} label={p.trendLabel} />
      <div className="tile-foot">
        <Link prefetch={false} href={p.detail.href} data-testid={p.detail.testId}>
          {p.detail.text}
        </Link>
      </div>
    </section>
  );
}
