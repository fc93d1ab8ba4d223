import { formatShortDay } from '../common/format';

/** What every chart's axes and tooltips look like, in the theme's colours, so the charts stay alike. */
export const AXIS_TICK = { fill: 'var(--muted)', fontSize: 11 } as const;

export const TOOLTIP_CONTENT_STYLE = {
  background: 'var(--surface)',
  border: '1px solid var(--border)',
  color: 'var(--text)',
} as const;

/** The x axis of a daily series (`day` as YYYY-MM-DD): short day ticks, first and last always shown. */
export const DAY_AXIS = {
  dataKey: 'day',
  tickFormatter: formatShortDay,
  tick: AXIS_TICK,
  stroke: 'var(--border)',
  interval: 'preserveStartEnd',
} as const;

/** A 0–100 % y axis in quarters. */
export const PERCENT_AXIS = {
  domain: [0, 100],
  ticks: [0, 25, 50, 75, 100],
  tick: AXIS_TICK,
  stroke: 'var(--border)',
  width: 44,
  unit: '%',
} as const;

/** The tooltip's heading for a daily series: the short day. */
export const dayLabel = (d: unknown) => (typeof d === 'string' ? formatShortDay(d) : '');
