'use client';

import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { DAY_AXIS, PERCENT_AXIS, TOOLTIP_CONTENT_STYLE, dayLabel } from './chart-style';

/** A check's adoption per day (percent of the services it applies to); the table under it is the text alternative. */
export function AdoptionChart({
  title,
  points,
}: {
  title: string;
  points: { day: string; adoption: number | null }[];
}) {
  const data = points.map((p) => ({ day: p.day, adoption: p.adoption === null ? null : p.adoption * 100 }));
  return (
    <div className="chart" role="img" aria-label={`${title}: chart; the values are in the data table below`}>
      <ResponsiveContainer width="100%" height={160}>
        <LineChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" vertical={false} />
          <XAxis {...DAY_AXIS} />
          <YAxis {...PERCENT_AXIS} />
          <Tooltip
            labelFormatter={dayLabel}
            formatter={(v) => [typeof v === 'number' ? `${v.toFixed(0)}%` : '—', 'Adoption']}
            contentStyle={TOOLTIP_CONTENT_STYLE}
          />
          <Line
            type="linear"
            dataKey="adoption"
            stroke="var(--accent)"
            strokeWidth={2}
            dot={data.length <= 31 ? { r: 2.5 } : false}
            connectNulls={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
