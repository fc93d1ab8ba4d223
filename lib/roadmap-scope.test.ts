import { describe, expect, it } from 'vitest';
import { resolveRoadmapScope } from './roadmap-scope';

const known = { tiers: ['tier-1', 'tier-2'], levels: ['bronze', 'silver', 'gold'] };

describe('resolveRoadmapScope', () => {
  it('reads a known tier and level, and none as none', () => {
    expect(resolveRoadmapScope({ tier: 'tier-2', level: 'gold' }, known)).toEqual({
      ok: true,
      scope: { tier: 'tier-2', level: 'gold' },
    });
    expect(resolveRoadmapScope({ tier: '', level: undefined }, known)).toEqual({
      ok: true,
      scope: { tier: null, level: null },
    });
  });

  it('reports an unknown value, naming the parameter and the values it may take', () => {
    expect(resolveRoadmapScope({ level: 'platinum' }, known)).toEqual({
      ok: false,
      message: 'level: expected one of bronze, silver, gold',
    });
    expect(resolveRoadmapScope({ tier: ['tier-9', 'tier-1'] }, known)).toEqual({
      ok: false,
      message: 'tier: expected one of tier-1, tier-2',
    });
  });

  it('checks the team too when the teams are listed, cutting a long list', () => {
    const teams = Array.from({ length: 14 }, (_, i) => `team-${i}`);
    expect(resolveRoadmapScope({ team: 'team-3' }, { ...known, teams })).toEqual({
      ok: true,
      scope: { tier: null, level: null },
    });
    expect(resolveRoadmapScope({ team: 'nobody' }, { ...known, teams })).toEqual({
      ok: false,
      message: `team: expected one of ${teams.slice(0, 12).join(', ')}, …`,
    });
    // Without the list the team is the caller's to check (the page answers not found).
    expect(resolveRoadmapScope({ team: 'nobody' }, known).ok).toBe(true);
  });
});
