'use client';

import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceArea,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { LevelBand } from './level-bands';
import { niceTicks, tickFormatter } from './nice-ticks';
import { AXIS_TICK, TOOLTIP_CONTENT_STYLE } from './chart-style';

export interface TrendPoint {
  label: string;
  /** null: no events that week, drawn as a gap. */
  value: number | null;
  /** The week rests on fewer events than the small-sample rule: drawn as a hollow dot. */
  small?: boolean;
}

/** A filled dot for a week with enough events, a hollow one for a week below the small-sample rule. */
function SampleDot(props: { cx?: number; cy?: number; payload?: TrendPoint; index?: number }) {
  const { cx, cy, payload, index } = props;
  if (cx === undefined || cy === undefined || payload?.value === null || payload?.value === undefined)
    return <g key={index} />;
  return payload.small ? (
    <circle key={index} cx={cx} cy={cy} r={3.5} fill="var(--surface)" stroke="var(--accent)" strokeWidth={1.5} />
  ) : (
    <circle key={index} cx={cx} cy={cy} r={2.5} fill="var(--accent)" stroke="var(--accent)" />
  );
}

/**
 * A line over time with the benchmark's level bands shaded behind it: straight segments (a
 * smoothed curve would invent values between weeks), a gap for a week without events, and a
 * hollow dot for a week on too few events. The figure's caption and the data table under it are
 * the text alternative to the drawing.
 */
export function TrendChart({
  title,
  points,
  bands,
  unit,
  format,
  reference = null,
  targets = [],
}: {
  title: string;
  points: TrendPoint[];
  bands: LevelBand[];
  unit: string;
  format: (v: number) => string;
  /** The compared window's figure, drawn dashed (the caption below the chart says what it is). */
  reference?: number | null;
  /** Targets drawn as dashed lines, in the chart's unit. */
  targets?: { id: string; value: number; label: string }[];
}) {
  const values = points.map((p) => p.value).filter((v): v is number => v !== null);
  if (reference !== null) values.push(reference);
  // The axis reaches the targets too, so a line never falls off the top.
  const ticks = niceTicks(Math.max(0, ...values, ...targets.map((t) => t.value)), unit);
  const top = ticks.at(-1)!;
  return (
    <div className="chart" role="img" aria-label={`${title}: chart; the values are in the data table below`}>
      <ResponsiveContainer width="100%" height={180}>
        <LineChart accessibilityLayer={false} data={points} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          {bands.map((b) => (
            <ReferenceArea
              key={b.level}
              y1={b.from}
              y2={Math.min(b.to ?? top, top)}
              fill={`var(--${b.level})`}
              fillOpacity={0.13}
              stroke="none"
              ifOverflow="hidden"
            />
          ))}
          <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={AXIS_TICK} stroke="var(--border)" interval="preserveStartEnd" />
          <YAxis
            domain={[0, top]}
            ticks={ticks}
            tick={AXIS_TICK}
            stroke="var(--border)"
            width={44}
            tickFormatter={tickFormatter(ticks, unit)}
          />
          <Tooltip
            formatter={(v) => [typeof v === 'number' ? `${format(v)} ${unit}` : '—', title]}
            contentStyle={{ ...TOOLTIP_CONTENT_STYLE, borderRadius: 6 }}
          />
          {reference === null ? null : (
            <ReferenceLine y={reference} stroke="var(--muted)" strokeDasharray="6 4" strokeWidth={1.5} />
          )}
          {targets.map((t) => (
            <ReferenceLine
              key={t.id}
              y={t.value}
              stroke="var(--text)"
              strokeDasharray="6 4"
              strokeWidth={1.5}
              ifOverflow="extendDomain"
              label={{ value: 'target', position: 'insideTopRight', fill: 'var(--muted)', fontSize: 11 }}
              className="target-line"
            />
          ))}
          <Line
            type="linear"
            dataKey="value"
            stroke="var(--accent)"
            strokeWidth={2}
            dot={SampleDot}
            connectNulls={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
