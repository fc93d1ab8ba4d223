import { DAY_MS } from '../lib/clock';
import type { Exemption, ServiceFilter } from './definition-schema';
import type { LoadedCheck } from './load-scorecards';
import type { Outcome, RuleOutcome } from './rules/outcome';
import type { ServiceSubject } from './service-subjects';
import type { CheckState } from './states';

export interface ExemptionNote {
  reason: string;
  expires: string;
  expired: boolean;
}

export interface ResolvedResult {
  state: CheckState;
  outcome: RuleOutcome | null;
  reason: string;
  exemption: ExemptionNote | null;
}

const FILTER_KEYS = ['lifecycle', 'tier', 'team', 'type'] as const;

/** Why the filter excludes the service, or null when the check applies to it. */
export function filterExclusion(filter: ServiceFilter | undefined, subject: ServiceSubject): string | null {
  if (!filter) return null;
  for (const key of FILTER_KEYS) {
    const allowed = filter[key];
    if (!allowed) continue;
    const value = subject[key];
    if (value === null || !allowed.includes(value))
      return `applies only to ${key} ${allowed.join(' or ')} (this service: ${value ?? 'none'})`;
  }
  return null;
}

const dayStart = (isoDate: string) => Date.parse(`${isoDate}T00:00:00Z`);

/** An exemption holds through its `expires` day (UTC) and stops applying by itself after it. */
export function isExpired(exemption: Pick<Exemption, 'expires'>, at: Date): boolean {
  return at.getTime() >= dayStart(exemption.expires) + DAY_MS;
}

/**
 * Turns a rule's outcome into the check's state. Order: the filter (not_applicable),
 * enforcedFrom (upcoming), a pass, an active exemption (exempt), else fail or no_data.
 * An expired exemption no longer applies but stays on the result, flagged.
 */
export function resolveState(
  check: LoadedCheck,
  outcome: Outcome,
  exemption: Exemption | undefined,
  at: Date,
): ResolvedResult {
  const note = exemption
    ? { reason: exemption.reason, expires: exemption.expires, expired: isExpired(exemption, at) }
    : null;
  if (check.enforcedFrom && at.getTime() < dayStart(check.enforcedFrom)) {
    return {
      state: 'upcoming',
      outcome: outcome.outcome,
      reason: `enforced from ${check.enforcedFrom}; today it would ${outcome.outcome === 'pass' ? 'pass' : outcome.outcome === 'fail' ? 'fail' : 'have no data'}: ${outcome.reason}`,
      exemption: note,
    };
  }
  if (outcome.outcome === 'pass') return { state: 'pass', outcome: 'pass', reason: outcome.reason, exemption: note };
  if (note && !note.expired)
    return {
      state: 'exempt',
      outcome: outcome.outcome,
      reason: `exempt until ${note.expires}: ${note.reason} (${outcome.reason})`,
      exemption: note,
    };
  const suffix = note?.expired ? ` (exemption expired ${note.expires})` : '';
  return { state: outcome.outcome, outcome: outcome.outcome, reason: `${outcome.reason}${suffix}`, exemption: note };
}
