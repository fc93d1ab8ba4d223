import { z } from 'zod';
import { SLUG_PATTERN } from '../lib/config-schema';

const team = z.string().regex(SLUG_PATTERN, 'expected a team slug');

/** GET /api/v1/digests and the preview page: a team's digest, or the organisation's without `team`. */
export const digestParams = z.object({
  team: team.optional().meta({ description: "A team slug; without it, the organisation's digest" }),
});

/** POST /api/v1/digests/test: whose channels get the test message (the organisation's when absent or null). */
export const testMessageRequest = z.strictObject({ team: team.nullable().optional() });

export const testMessageQueued = z.object({
  notificationId: z.number().int(),
  channels: z.number().int().meta({ description: 'How many channels the message was queued for' }),
});
