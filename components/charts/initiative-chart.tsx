'use client';

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { DAY_AXIS, PERCENT_AXIS, TOOLTIP_CONTENT_STYLE, dayLabel } from './chart-style';
import { legendText } from './legend-text';

export interface InitiativeSeries {
  name: string;
  points: { day: string; rate: number | null }[];
}

// The level colours (an Okabe–Ito set, told apart with colour-blindness) and the set's reddish purple.
const TEAM_COLOURS = ['var(--medium)', 'var(--elite)', 'var(--low)', 'var(--high)', '#cc79a7'];

/**
 * An initiative's share of pairs done per day: the whole initiative bold, each team thin and
 * dashed. The table under it is the text alternative.
 */
export function InitiativeChart({ overall, teams }: { overall: InitiativeSeries; teams: InitiativeSeries[] }) {
  const rows = new Map<string, Record<string, number | string | null>>();
  for (const [i, s] of [overall, ...teams].entries())
    for (const p of s.points) {
      const row = rows.get(p.day) ?? { day: p.day };
      row[`s${i}`] = p.rate === null ? null : p.rate * 100;
      rows.set(p.day, row);
    }
  const data = [...rows.values()].sort((a, b) => String(a.day).localeCompare(String(b.day)));
  return (
    <div
      className="chart"
      role="img"
      aria-label={`${overall.name}: share of pairs done per day, overall and per team: chart; the values are in the data table below`}
    >
      <ResponsiveContainer width="100%" height={240}>
        <LineChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" vertical={false} />
          <XAxis {...DAY_AXIS} />
          <YAxis {...PERCENT_AXIS} />
          <Tooltip
            labelFormatter={dayLabel}
            formatter={(v) => (typeof v === 'number' ? `${v.toFixed(0)}%` : '—')}
            contentStyle={TOOLTIP_CONTENT_STYLE}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} formatter={legendText} />
          <Line
            name="All teams"
            type="linear"
            dataKey="s0"
            stroke="var(--accent)"
            strokeWidth={3}
            dot={{ r: 3 }}
            isAnimationActive={false}
          />
          {teams.map((t, i) => (
            <Line
              key={t.name}
              name={t.name}
              type="linear"
              dataKey={`s${i + 1}`}
              stroke={TEAM_COLOURS[i % TEAM_COLOURS.length]}
              strokeWidth={1.5}
              strokeDasharray="5 3"
              dot={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
