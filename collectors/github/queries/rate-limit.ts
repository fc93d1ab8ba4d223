import { z } from 'zod';

export const rateLimit = z.object({ cost: z.number(), remaining: z.number(), resetAt: z.string() });
export const pageInfo = z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() });
export const login = z.object({ login: z.string() }).nullable();
