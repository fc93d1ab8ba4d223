'use client';

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { legendText } from './legend-text';
import { AXIS_TICK, DAY_AXIS, TOOLTIP_CONTENT_STYLE, dayLabel } from './chart-style';

export interface HistoryPoint {
  day: string;
  passRate: number | null;
  averageScore: number | null;
}

/** Pass rate and average score per day (percent); the table beside it is the text alternative. */
export function HistoryChart({ points }: { points: HistoryPoint[] }) {
  const data = points.map((p) => ({
    day: p.day,
    passRate: p.passRate === null ? null : p.passRate * 100,
    averageScore: p.averageScore === null ? null : p.averageScore * 100,
  }));
  return (
    <div
      className="chart"
      role="img"
      aria-label="Pass rate and average score per day: chart; the values are in the data table below"
    >
      <ResponsiveContainer width="100%" height={220}>
        <LineChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" vertical={false} />
          <XAxis {...DAY_AXIS} />
          <YAxis domain={[0, 100]} tick={AXIS_TICK} stroke="var(--border)" width={40} unit="%" />
          <Tooltip
            labelFormatter={dayLabel}
            formatter={(v) => (typeof v === 'number' ? `${v.toFixed(1)}%` : '—')}
            contentStyle={TOOLTIP_CONTENT_STYLE}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} formatter={legendText} />
          <Line
            name="Pass rate"
            type="linear"
            dataKey="passRate"
            stroke="var(--accent)"
            strokeWidth={2}
            dot={{ r: 3 }}
            isAnimationActive={false}
          />
          <Line
            name="Average score"
            type="linear"
            dataKey="averageScore"
            stroke="var(--medium)"
            strokeWidth={2}
            strokeDasharray="5 3"
            dot={{ r: 3 }}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
