import { json } from '@/lib/http';
import { metricDefinitions, metricsOpenApiPaths } from '@/metrics/openapi';

export const dynamic = 'force-static';

/** GET /api/v1/openapi.json — the API's OpenAPI 3.1 description. */
export function GET() {
  return json({
    openapi: '3.1.0',
    info: { title: 'Paved API', version: '1', description: 'Delivery metrics and golden-path scorecards. Metric definitions: docs/metrics.md.' },
    paths: { ...metricsOpenApiPaths },
    'x-metrics': metricDefinitions,
  });
}
