import { cachedResponse } from '@/app/_server/figures';
import { notFound, parseSearchParams } from '@/lib/http';
import { reportParams } from '@/lib/params';
import { listServices } from '@/metrics/catalog-views';
import { getDoraReport } from '@/metrics/dora-report';

export const dynamic = 'force-dynamic';

/** GET /api/v1/services/{slug}?from=&to=&compare= — one service with its DORA figures. */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const parsed = parseSearchParams(request, reportParams);
  if (!parsed.ok) return parsed.response;
  return cachedResponse(
    request,
    {
      kind: 'service-view',
      request: { ...parsed.data, slug },
      compute: async ({ db, loaded }) => {
        const [service] = await listServices(db, { slug });
        if (!service) return null;
        const dora = await getDoraReport(db, loaded.config, { service: slug }, parsed.data, parsed.data.compare);
        return { ...service, dora };
      },
    },
    () => notFound(`no service "${slug}"`),
  );
}
