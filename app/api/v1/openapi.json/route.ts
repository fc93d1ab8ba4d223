import { accessOpenApiPaths, accessSecuritySchemes, defaultSecurity } from '@/access/openapi';
import { json } from '@/lib/http';
import { webhookOpenApiPaths } from '@/lib/webhooks/openapi';
import { errorSchema, metricDefinitions, metricsOpenApiPaths } from '@/metrics/openapi';
import { scorecardPaths, scorecardSchemas } from '@/scorecards/openapi';
import { notificationOpenApiPaths } from '@/notifications/openapi';

export const dynamic = 'force-static';

/** GET /api/v1/openapi.json — the API's OpenAPI 3.1 description. */
export function GET() {
  return json({
    openapi: '3.1.0',
    info: {
      title: 'Paved API',
      version: '1',
      description:
        'Delivery metrics and golden-path scorecards. Metric definitions: docs/metrics.md; scorecards: docs/scorecards.md.',
    },
    security: defaultSecurity,
    paths: {
      ...metricsOpenApiPaths(),
      ...scorecardPaths,
      ...accessOpenApiPaths,
      ...webhookOpenApiPaths,
      ...notificationOpenApiPaths,
    },
    components: {
      schemas: { Error: errorSchema(), ...scorecardSchemas },
      securitySchemes: accessSecuritySchemes,
    },
    'x-metrics': metricDefinitions,
  });
}
