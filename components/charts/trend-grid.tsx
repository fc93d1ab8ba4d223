'use client';

import dynamic from 'next/dynamic';
import { LoadingState } from '../common/states';
import type { TrendSpec } from '../metrics/trend-series';
import { LEVEL_BANDS } from './level-bands';
import { TrendFigure } from './trend-figure';
import { WhenVisible } from './when-visible';

// Recharts loads after the page is interactive, and a chart renders only once it is near the viewport.
const TrendChart = dynamic(() => import('./trend-chart').then((m) => m.TrendChart), {
  ssr: false,
  loading: () => <LoadingState label="Loading chart" height={180} />,
});

const formatFor = (unit: string) => (v: number) =>
  unit === '%'
    ? `${v.toFixed(v < 10 ? 1 : 0)}%`
    : unit === 'h'
      ? v >= 48
        ? `${(v / 24).toFixed(0)}d`
        : `${v.toFixed(v < 10 ? 1 : 0)}h`
      : v.toFixed(0);

/** Weekly trend charts with level bands, each with a text alternative. */
export function TrendGrid({ specs }: { specs: TrendSpec[] }) {
  return (
    <div className="chart-grid">
      {specs.map((s) => {
        const bands = s.band ? LEVEL_BANDS[s.band] : [];
        return (
          <TrendFigure
            key={s.id}
            title={s.title}
            bands={bands}
            rows={s.rows}
            valueHeader={s.title}
            notes={s.targetNotes}
          >
            {s.points.length < 2 ? (
              <p className="muted small">A trend needs at least two weeks: choose a longer range.</p>
            ) : (
              // Until it nears the viewport the chart is not loading, only waiting: a still box of its
              // size (an animated skeleton off-screen would keep the page drawing frames for nothing).
              <WhenVisible
                placeholder={<div className="chart-placeholder" style={{ height: 180 }} aria-hidden="true" />}
              >
                <TrendChart
                  title={s.title}
                  points={s.points}
                  bands={bands}
                  unit={s.unit}
                  format={formatFor(s.unit)}
                  reference={s.reference}
                  targets={s.targetLines}
                />
              </WhenVisible>
            )}
            {s.referenceNote ? (
              <p className="muted small" data-testid="chart-comparison">
                {s.referenceNote}
              </p>
            ) : null}
          </TrendFigure>
        );
      })}
    </div>
  );
}
