import { z } from 'zod';
import { upsertPagerdutyServices } from '../../db/writes/pagerduty';
import type { Source } from '../source';
import { createPagerdutyClient, PagerdutyError, type PagerdutyClient } from './client';

const serviceSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.string().nullable().optional(),
  html_url: z.string().nullable().optional(),
  escalation_policy: z.object({ id: z.string(), summary: z.string().nullable().optional() }).nullable().optional(),
  teams: z.array(z.object({ id: z.string(), summary: z.string().nullable().optional() })).default([]),
});
const servicesPage = z.object({ services: z.array(serviceSchema), more: z.boolean().optional(), offset: z.number().optional(), limit: z.number().optional() });
export type PagerdutyService = z.infer<typeof serviceSchema>;

/** Every service the token sees (offset pagination, pages of 100). */
export async function* listServices(client: PagerdutyClient): AsyncGenerator<PagerdutyService[]> {
  for (let offset = 0; ; offset += 100) {
    const raw = await client.get('/services', { limit: 100, offset });
    const page = servicesPage.safeParse(raw);
    if (!page.success) {
      const issue = page.error.issues[0]!;
      throw new PagerdutyError(`unexpected PagerDuty response from GET /services: ${issue.path.join('.')}: ${issue.message}`);
    }
    yield page.data.services;
    if (!page.data.more) return;
  }
}

export const pagerdutySource: Source = {
  id: 'pagerduty',
  isConfigured: (config) => Boolean(config.pagerduty),
  async run(ctx) {
    const config = ctx.config.pagerduty!;
    const client = createPagerdutyClient(config, ctx.fetch);
    const wanted = new Set(config.serviceIds);
    let rows = 0;
    for await (const page of listServices(client)) {
      const services = page.filter((s) => wanted.size === 0 || wanted.has(s.id));
      await upsertPagerdutyServices(
        ctx.db,
        services.map((s) => ({
          id: s.id,
          name: s.name,
          status: s.status ?? null,
          escalation_policy_id: s.escalation_policy?.id ?? null,
          escalation_policy_name: s.escalation_policy?.summary ?? null,
          teams: s.teams.map((t) => ({ id: t.id, name: t.summary ?? null })),
          html_url: s.html_url ?? null,
          source: 'pagerduty',
        })),
      );
      rows += services.length;
    }
    ctx.report('services', { rows, restCalls: client.spent.restCalls });
  },
};
