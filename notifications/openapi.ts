import { jsonSchema, queryParameters } from '../lib/openapi';
import { digestMessage } from './message';
import { digestParams, testMessageQueued, testMessageRequest } from './requests';

const error = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

/** The digests' part of /api/v1/openapi.json (docs/notifications.md). */
export const notificationOpenApiPaths = {
  '/api/v1/digests': {
    get: {
      summary: "What this period's digest of a team (or the organisation) says, as the worker would send it",
      parameters: queryParameters(digestParams),
      responses: {
        '200': {
          description: 'The digest',
          content: { 'application/json': { schema: jsonSchema(digestMessage, 'output') } },
        },
        '400': error('Invalid parameters'),
        '404': error('Unknown team'),
      },
    },
  },
  '/api/v1/digests/test': {
    post: {
      summary: "Queue this period's digest, marked as a test, for a team's (or the organisation's) channels (admin)",
      description: 'A worker sends it through the job queue; failures show on the data-quality page.',
      requestBody: {
        required: true,
        content: { 'application/json': { schema: jsonSchema(testMessageRequest, 'input') } },
      },
      responses: {
        '202': {
          description: 'Queued',
          content: { 'application/json': { schema: jsonSchema(testMessageQueued, 'output') } },
        },
        '400': error('Invalid body, or no channel configured for that team'),
        '401': error('No credentials, or an unknown or revoked token'),
        '403': error('The credentials do not hold the admin role, or the Origin is not this site'),
        '404': error('Unknown team'),
      },
    },
  },
} as const;
