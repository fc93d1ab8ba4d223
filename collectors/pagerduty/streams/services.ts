import type { Db } from '../../../db/database';
import { upsertPagerdutyServices, type PagerdutyServiceInput } from '../../../db/writes/pagerduty';
import type { Logger } from '../../../lib/logger';
import { PagerdutyError, type PagerdutyClient } from '../client';
import { servicesPageSchema, type PagerdutyService } from '../schemas';

const PAGE_SIZE = 100;

/** Every service the token sees (offset pagination, pages of 100). */
export async function* listServices(client: PagerdutyClient): AsyncGenerator<PagerdutyService[]> {
  for (let offset = 0; ; offset += PAGE_SIZE) {
    if (offset + PAGE_SIZE > client.offsetCap) {
      throw new PagerdutyError(
        `GET /services: more than ${client.offsetCap} services, past PagerDuty's offset limit; list them in pagerduty.serviceIds`,
      );
    }
    const page = await client.getParsed('/services', { limit: PAGE_SIZE, offset }, servicesPageSchema);
    yield page.services;
    if (!page.more) return;
  }
}

export function toServiceRow(service: PagerdutyService): PagerdutyServiceInput {
  return {
    id: service.id,
    name: service.name,
    status: service.status ?? null,
    escalation_policy_id: service.escalation_policy?.id ?? null,
    escalation_policy_name: service.escalation_policy?.summary ?? null,
    teams: (service.teams ?? []).map((t) => ({ id: t.id, name: t.summary ?? null })),
    html_url: service.html_url ?? null,
    source: 'pagerduty',
  };
}

/**
 * Services are few and have no change cursor: each sync re-reads them all and keeps the
 * configured ones (`pagerduty.serviceIds`, or every service when empty). Returns rows written.
 */
export async function syncServices(
  db: Db,
  client: PagerdutyClient,
  serviceIds: readonly string[],
  log: Logger,
): Promise<number> {
  const wanted = new Set(serviceIds);
  const seen = new Set<string>();
  let rows = 0;
  for await (const page of listServices(client)) {
    const services = page.filter((s) => wanted.size === 0 || wanted.has(s.id));
    for (const s of services) seen.add(s.id);
    rows += await upsertPagerdutyServices(db, services.map(toServiceRow));
  }
  const missing = serviceIds.filter((id) => !seen.has(id));
  if (missing.length > 0) log.warn(`pagerduty.serviceIds lists services the token cannot see: ${missing.join(', ')}`);
  return rows;
}
