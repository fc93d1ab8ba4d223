import { getServerContext } from '@/app/_server/context';
import { badRequest, json, notFound } from '@/lib/http';
import { positiveId } from '@/lib/params';
import { getRunProgress } from '@/metrics/sync-status';

export const dynamic = 'force-dynamic';

/** GET /api/v1/sync/runs/{id} — a run's status and progress: parts settled of total, points spent, what runs now. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const parsed = positiveId.safeParse((await params).id);
  if (!parsed.success) return badRequest('id: expected a positive integer run id');
  const { db } = await getServerContext();
  const progress = await getRunProgress(db, parsed.data);
  if (!progress) return notFound(`no sync run ${parsed.data}`);
  return json(progress, { headers: { 'cache-control': 'no-store' } });
}
