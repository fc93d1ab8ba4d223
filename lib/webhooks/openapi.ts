/** OpenAPI for the webhook endpoints (docs/webhooks.md): public, proven by a signature over the body. */
const error = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

const accepted = {
  description: 'Recorded (or a repeated delivery, changing nothing); the re-read runs on a worker',
  content: {
    'application/json': {
      schema: {
        type: 'object',
        required: ['outcome'],
        properties: {
          outcome: { type: 'string', enum: ['queued', 'coalesced', 'ignored', 'duplicate'] },
          reason: { type: 'string', description: 'Why an ignored delivery causes nothing' },
          job: { type: 'string', description: 'The re-read job, or `run:ID` for a full sync' },
        },
      },
    },
  },
};

const operation = (summary: string, header: string, secretKey: string) => ({
  post: {
    summary,
    description: `The ${header} header signs the raw body with \`${secretKey}\`. Answered before any collection work.`,
    security: [],
    responses: {
      '202': accepted,
      '400': error('Not JSON, or without what its event names'),
      '401': error(`No ${header} header (counted, nothing stored)`),
      '403': error('The signature does not match (counted, nothing stored)'),
      '404': error(`No \`${secretKey}\` is configured`),
      '413': error('The body is larger than 25 MB'),
    },
  },
});

export const webhookOpenApiPaths = {
  '/api/v1/webhooks/github': operation(
    'A GitHub organisation or App webhook delivery; deduplicated on X-GitHub-Delivery',
    'X-Hub-Signature-256',
    'github.webhookSecret',
  ),
  '/api/v1/webhooks/pagerduty': operation(
    'A PagerDuty v3 webhook delivery; deduplicated on the event id',
    'X-PagerDuty-Signature',
    'pagerduty.webhookSecrets',
  ),
};
