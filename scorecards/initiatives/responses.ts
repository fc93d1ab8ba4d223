import { z } from 'zod';
import { STATES } from '../states';
import { LATENESS } from './progress';

/**
 * The bodies of the initiative endpoints; /api/v1/openapi.json is generated from them
 * (scorecards/openapi.ts) and tests/api/contract.test.ts holds them to the code's types.
 */

const int = z.number().int();
const day = z.string().meta({ format: 'date' });
const status = z.enum(LATENESS).meta({
  description:
    'done: nothing left; late: past the deadline with pairs left; projected_late: at the pace of the last 28 days it ends after the deadline (or never); on_track; no_pace: under 7 days of history',
});
const tally = {
  done: int.meta({ description: 'Pairs (service × check) done: the rule passes or an exemption holds' }),
  total: int.meta({ description: 'Pairs the checks apply to in the scope' }),
  rate: z.number().nullable().meta({ description: 'done ÷ total; null without pairs' }),
};
const point = z.object({ day, ...tally });
const projection = {
  status,
  pacePerDay: z.number().nullable().meta({ description: 'Pairs done a day over the last 28 days of history' }),
  projectedDone: day.nullable().meta({ description: 'When the pairs left would be done at that pace' }),
};

export const initiativeSummary = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  owner: z.string(),
  ownerTeam: z.string().nullable().meta({ description: "The owner's team slug, when the owner names a team" }),
  scorecard: z.object({ id: z.string(), name: z.string() }),
  checks: z.array(z.object({ id: z.string(), name: z.string(), level: z.string() })),
  start: day.nullable(),
  deadline: day,
  scope: z.object({ teams: z.array(z.string()).nullable(), tiers: z.array(z.string()).nullable() }),
  today: day,
  ...tally,
  ...projection,
  services: int,
  servicesComplete: int,
  teams: int,
  teamsBehind: z
    .array(
      z.object({
        team: z.string(),
        status: z.enum(['late', 'projected_late']),
        done: int,
        total: int,
        left: int,
        projectedDone: day.nullable(),
        services: z.array(z.object({ slug: z.string(), left: z.array(z.string()) })),
      }),
    )
    .meta({ description: 'Teams late or projected late, with the checks each service has left' }),
});
export const initiativeList = z.object({ initiatives: z.array(initiativeSummary) });

export const initiativeDetail = initiativeSummary.extend({
  from: day.meta({ description: 'The first day of the histories' }),
  history: z.array(point),
  perCheck: z.array(z.object({ checkId: z.string(), name: z.string(), ...tally, remediation: z.string() })),
  perTeam: z.array(
    z.object({
      team: z.string(),
      services: int,
      servicesComplete: int,
      ...tally,
      ...projection,
      history: z.array(point),
    }),
  ),
  perService: z.array(
    z.object({
      slug: z.string(),
      name: z.string(),
      team: z.string().nullable(),
      tier: z.string().nullable(),
      ...tally,
      complete: z.boolean(),
      late: z.boolean(),
      left: z
        .array(
          z.object({
            checkId: z.string(),
            name: z.string(),
            state: z.enum(STATES),
            remediation: z.string().meta({ description: 'Markdown' }),
          }),
        )
        .meta({ description: 'The pairs left, with how to fix each' }),
      history: z.array(point),
    }),
  ),
});
