import type { InitiativeDefinition, ScorecardDefinition } from '../definition-schema';

/** An initiative whose checks were found: all in one scorecard, named here. */
export type LoadedInitiative = InitiativeDefinition & { scorecard: string };

/** A cross-reference the schema alone cannot see: the key it sits at and why it is wrong. */
export interface InitiativeProblem {
  keyPath: string;
  problem: string;
}

const listed = (ids: readonly string[]) => (ids.length > 12 ? `${ids.slice(0, 12).join(', ')}, …` : ids.join(', '));

/**
 * Resolves each initiative to the scorecard that holds its checks, or names the first key that
 * is wrong: an unknown or ambiguous check, a check of another scorecard, a repeated id, a start
 * after the deadline. Linear in the file: one map of check ids, built once.
 * @example resolveInitiatives(file.initiatives, file.scorecards) // → { ok: true, initiatives: [{ id: 'dependency-hygiene', scorecard: 'golden-path', … }] }
 */
export function resolveInitiatives(
  initiatives: readonly InitiativeDefinition[],
  cards: readonly ScorecardDefinition[],
): { ok: true; initiatives: LoadedInitiative[] } | ({ ok: false } & InitiativeProblem) {
  const owners = new Map<string, string[]>();
  for (const card of cards)
    for (const check of card.checks) owners.set(check.id, [...(owners.get(check.id) ?? []), card.id]);
  const byCard = new Map(cards.map((c) => [c.id, new Set(c.checks.map((check) => check.id))]));
  const seen = new Set<string>();
  const out: LoadedInitiative[] = [];
  for (const [i, initiative] of initiatives.entries()) {
    const key = `initiatives[${i}]`;
    const fail = (at: string, problem: string) => ({ ok: false as const, keyPath: `${key}.${at}`, problem });
    if (seen.has(initiative.id)) return fail('id', `duplicate initiative id "${initiative.id}"`);
    seen.add(initiative.id);
    if (initiative.start && initiative.start > initiative.deadline)
      return fail('start', `${initiative.start} is after the deadline (${initiative.deadline})`);
    let scorecard = initiative.scorecard;
    if (scorecard && !byCard.has(scorecard))
      return fail('scorecard', `no scorecard "${scorecard}" (expected one of: ${listed([...byCard.keys()])})`);
    if (!scorecard) {
      const first = owners.get(initiative.checks[0]!) ?? [];
      if (first.length > 1)
        return fail(
          'scorecard',
          `check "${initiative.checks[0]}" exists in several scorecards (${first.join(', ')}): name one`,
        );
      scorecard = first[0] ?? cards[0]!.id;
    }
    const known = byCard.get(scorecard)!;
    const missing = initiative.checks.findIndex((c) => !known.has(c));
    if (missing >= 0)
      return fail(
        `checks[${missing}]`,
        `no check "${initiative.checks[missing]}" in scorecard "${scorecard}" (expected one of: ${listed([...known])})`,
      );
    out.push({ ...initiative, scorecard });
  }
  return { ok: true, initiatives: out };
}
