'use client';

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { legendText } from './legend-text';

export interface BeforeAfterRow {
  outcome: string;
  before: number;
  after: number;
  unit: string;
}

/** Median before versus after for services that started passing; the table beside it carries the values. */
export function BeforeAfterChart({ rows }: { rows: BeforeAfterRow[] }) {
  // Outcomes have different units: plot "after" relative to "before" = 100.
  const data = rows.map((r) => ({
    outcome: r.outcome,
    before: 100,
    after: r.before === 0 ? 0 : (r.after / r.before) * 100,
  }));
  return (
    <div
      className="chart"
      role="img"
      aria-label="Before and after, relative to before: chart; the values are in the table beside it"
    >
      <ResponsiveContainer width="100%" height={200}>
        <BarChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="outcome" tick={{ fill: 'var(--muted)', fontSize: 11 }} stroke="var(--border)" />
          <YAxis
            tick={{ fill: 'var(--muted)', fontSize: 11 }}
            stroke="var(--border)"
            width={48}
            unit="%"
            label={{
              value: '% of before',
              angle: -90,
              position: 'insideLeft',
              offset: 10,
              fill: 'var(--muted)',
              fontSize: 11,
            }}
          />
          <Tooltip
            formatter={(v) => (typeof v === 'number' ? `${v.toFixed(0)}% of before` : '—')}
            contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)', color: 'var(--text)' }}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} formatter={legendText} />
          <Bar name="Before" dataKey="before" fill="var(--high)" isAnimationActive={false} />
          {/* A fall to zero still draws a sliver, so it does not read as missing data. */}
          <Bar name="After" dataKey="after" fill="var(--elite)" minPointSize={2} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
