import type { LevelStatus } from '@/metrics/definitions';

const GLYPH: Record<string, string> = { elite: '◆', high: '▲', medium: '■', low: '▼' };

/** What a metric without a level says instead, and why (the API's `levelStatus`). */
const NO_LEVEL: Record<LevelStatus, { text: string; title: string }> = {
  ok: { text: 'No level', title: 'No level' },
  no_data: { text: 'No level', title: 'Nothing in this window to level' },
  not_enough_data: { text: 'Not enough data', title: 'Fewer events than the small-sample rule asks for a level' },
  deploy_signals_only: {
    text: 'Deploy signals only',
    title: 'No incident source: rollbacks and reverts only, so no DORA level',
  },
};

/**
 * A DORA level as colour AND text (and a shape), so it reads without colour vision.
 * `benchmark` names the cut-offs used, e.g. dora-2023; `status` says why there is no level.
 */
export function LevelBadge({
  level,
  benchmark,
  size = 'md',
  status = 'no_data',
}: {
  level: string | null;
  benchmark?: string;
  size?: 'sm' | 'md';
  status?: LevelStatus;
}) {
  if (!level) {
    const none = NO_LEVEL[status];
    return (
      <span className={`level level-none level-${size}`} title={none.title} data-level-status={status}>
        {none.text}
      </span>
    );
  }
  return (
    <span
      className={`level level-${level} level-${size}`}
      title={benchmark ? `${level} (benchmark ${benchmark})` : level}
    >
      <span aria-hidden="true">{GLYPH[level] ?? '●'}</span> {level.charAt(0).toUpperCase() + level.slice(1)}
      {benchmark ? <span className="level-benchmark"> · {benchmark}</span> : null}
    </span>
  );
}
