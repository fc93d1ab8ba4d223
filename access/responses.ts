import { z } from 'zod';
import { ROLES } from '../lib/config-schema';

/**
 * The bodies the token API answers with; /api/v1/openapi.json is generated from them (access/openapi.ts)
 * and tests/api/contract.test.ts holds the routes to that document.
 */

const instant = z.string().meta({ format: 'date-time' });

export const tokenSummary = z.object({
  id: z.number().int(),
  name: z.string(),
  role: z.enum(ROLES),
  hint: z.string().meta({ description: 'The last four characters of the token' }),
  createdBy: z.string(),
  createdAt: instant,
  lastUsedAt: instant.nullable(),
  revokedAt: instant.nullable(),
});
export type ApiTokenSummary = z.infer<typeof tokenSummary>;

export const tokenList = z.object({ items: z.array(tokenSummary) });

export const createdToken = tokenSummary
  .extend({ token: z.string().meta({ description: 'The secret, shown this once; only its hash is stored' }) })
  .meta({ description: 'The new token: its summary and the secret' });
export type CreatedToken = z.infer<typeof createdToken>;
