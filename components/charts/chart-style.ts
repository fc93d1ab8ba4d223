/** What every chart's axes and tooltips look like, in the theme's colours, so the charts stay alike. */
export const AXIS_TICK = { fill: 'var(--muted)', fontSize: 11 } as const;

export const TOOLTIP_CONTENT_STYLE = {
  background: 'var(--surface)',
  border: '1px solid var(--border)',
  color: 'var(--text)',
} as const;
