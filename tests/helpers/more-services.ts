import type { Db } from '../../db/database';
import { replaceServiceLinks, upsertServices } from '../../db/writes/catalog';

/**
 * Adds `count` services to `team` of the demo organisation, each sharing one of its repositories
 * (so each has figures): a catalog longer than the services list's first page. Names sort among
 * the demo's ("Payments batch 007" after "Ledger"); every seventh is lower-case, so some names
 * are equal but for case ("payments batch 007" and "Payments batch 007", slugs batch-007 and
 * batch-107 when count > 107).
 */
export async function addBatchServices(db: Db, count: number, team = 'payments'): Promise<void> {
  const slug = (i: number) => `batch-${String(i).padStart(3, '0')}`;
  const ids = await upsertServices(
    db,
    Array.from({ length: count }, (_, i) => ({
      slug: slug(i),
      name: `${i % 7 === 0 ? 'payments' : 'Payments'} batch ${String(i % 100).padStart(3, '0')}`,
      teamSlug: team,
      source: 'demo',
    })),
  );
  const repositories = await db.selectFrom('repositories').select('id').orderBy('id').execute();
  await replaceServiceLinks(
    db,
    'demo',
    Array.from({ length: count }, (_, i) => ({
      serviceId: ids.get(slug(i))!,
      repositoryIds: [repositories[i % repositories.length]!.id],
      pagerdutyServiceIds: [],
    })),
  );
}
