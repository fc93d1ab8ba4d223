import type { ScorecardImpact } from '@/scorecards/read/get-scorecard-impact';
import { countOf } from '../common/format';
import { GapText } from './gap-text';

type Outcomes = ScorecardImpact['checks'][number]['outcomes'];

/**
 * How many services the comparison rests on, the gap within teams and within tiers, and the
 * warning when the two groups differ mostly by team or tier (docs/scorecards.md, "Confounding").
 */
export function ConfoundingNote({ outcomes }: { outcomes: Outcomes }) {
  const { passing, failing, stratified, warning } = outcomes;
  const within = (label: string, s: Outcomes['stratified']['team']) => (
    <li>
      Within {label}s: <GapText gap={s.gaps.overall} missing={`no ${label} holds both sides with enough data`} />{' '}
      <span className="muted">
        ({countOf(s.strata, label)}: {s.passing} passing, {s.failing} failing; imbalance{' '}
        {s.imbalance === null ? '—' : `${Math.round(s.imbalance * 100)}%`})
      </span>
    </li>
  );
  return (
    <div className="small" data-testid="confounding">
      <p>
        Rests on <strong>{countOf(passing.services, 'passing service')}</strong> and{' '}
        <strong>{countOf(failing.services, 'failing service')}</strong>.
      </p>
      <ul className="failing-list">
        {within('team', stratified.team)}
        {within('tier', stratified.tier)}
      </ul>
      {warning ? (
        <p className="callout" role="note" data-testid="confounding-warning">
          {warning}
        </p>
      ) : null}
    </div>
  );
}
