'use client';

import { Bar, BarChart, CartesianGrid, Cell, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { verdict } from './before-after-verdict';
import { AXIS_TICK, TOOLTIP_CONTENT_STYLE } from './chart-style';

export interface BeforeAfterRow {
  outcome: string;
  before: number;
  after: number;
  unit: string;
  /** Which way is better for this outcome: lower lead time, failure rate and recovery; more deploys. */
  better: 'lower' | 'higher';
}

const FILL = { better: 'var(--good)', worse: 'var(--bad)', same: 'var(--muted)' } as const;

/** Median before versus after for services that started passing; the table beside it carries the values. */
export function BeforeAfterChart({ rows }: { rows: BeforeAfterRow[] }) {
  // Outcomes have different units: plot "after" relative to "before" = 100.
  const data = rows.map((r) => ({
    outcome: r.outcome,
    before: 100,
    after: r.before === 0 ? 0 : (r.after / r.before) * 100,
    verdict: verdict(r),
  }));
  return (
    <div
      className="chart"
      role="img"
      aria-label="Before and after, relative to before: chart; the values are in the table beside it"
    >
      <ResponsiveContainer width="100%" height={200}>
        <BarChart accessibilityLayer={false} data={data} margin={{ top: 18, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="outcome" tick={AXIS_TICK} stroke="var(--border)" />
          {/* Wide enough that the rotated label sits left of the longest tick ("1000%"), not on it. */}
          <YAxis
            tick={AXIS_TICK}
            stroke="var(--border)"
            width={68}
            unit="%"
            label={{
              value: '% of before',
              angle: -90,
              position: 'insideLeft',
              offset: 4,
              fill: 'var(--muted)',
              fontSize: 11,
              style: { textAnchor: 'middle' },
            }}
          />
          <Tooltip
            formatter={(v) => (typeof v === 'number' ? `${v.toFixed(0)}% of before` : '—')}
            contentStyle={TOOLTIP_CONTENT_STYLE}
          />
          <Bar name="Before" dataKey="before" fill="var(--border)" stroke="var(--muted)" isAnimationActive={false} />
          {/* A fall to zero still draws a sliver, so it does not read as missing data. */}
          <Bar name="After" dataKey="after" minPointSize={2} isAnimationActive={false}>
            {data.map((d) => (
              <Cell key={d.outcome} fill={FILL[d.verdict]} data-verdict={d.verdict} />
            ))}
            <LabelList dataKey="verdict" position="top" fontSize={10} fill="var(--text)" />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
      <ul className="stacked-legend" aria-hidden="true">
        <li>
          <span className="swatch" style={{ background: 'var(--border)', border: '1px solid var(--muted)' }} /> Before
        </li>
        <li>
          <span className="swatch" style={{ background: FILL.better }} /> After, better
        </li>
        <li>
          <span className="swatch" style={{ background: FILL.worse }} /> After, worse
        </li>
      </ul>
    </div>
  );
}
