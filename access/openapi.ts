import { jsonSchema } from '../lib/openapi';
import { createdToken, tokenList } from './responses';

/** OpenAPI for the access endpoints and the credentials every /api/v1 route takes (docs/access.md). */
export const accessSecuritySchemes = {
  apiToken: {
    type: 'http',
    scheme: 'bearer',
    description:
      'An API token (npm run token -- create); the deprecated server.adminToken is accepted as an admin token',
  },
  session: { type: 'apiKey', in: 'cookie', name: 'paved_session', description: 'A signed-in browser session' },
} as const;

/** Every operation needs one of these unless it says otherwise (`security: []`). */
export const defaultSecurity = [{ apiToken: [] }, { session: [] }];

const error = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});
const refusals = {
  '401': error('No credentials, or an unknown or revoked token'),
  '403': error('The credentials do not hold the admin role'),
  '429': error('Too many failed credentials from this address; see Retry-After'),
};

export const accessOpenApiPaths = {
  '/api/v1/tokens': {
    get: {
      summary: 'Every API token, never the secret (admin)',
      responses: {
        '200': {
          description: '`{ items: TokenSummary[] }`',
          content: { 'application/json': { schema: jsonSchema(tokenList, 'output') } },
        },
        ...refusals,
      },
    },
    post: {
      summary: 'Create an API token; the answer holds the secret, shown this once (admin)',
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['name', 'role'],
              properties: {
                name: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$' },
                role: { type: 'string', enum: ['viewer', 'admin'] },
              },
            },
          },
        },
      },
      responses: {
        '201': {
          description: 'The summary and `token`',
          content: { 'application/json': { schema: jsonSchema(createdToken, 'output') } },
        },
        '400': error('Invalid body'),
        ...refusals,
      },
    },
  },
  '/api/v1/tokens/{id}': {
    delete: {
      summary: 'Revoke an API token at once (admin)',
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }],
      responses: {
        '204': { description: 'Revoked' },
        '404': error('No live token with that id'),
        ...refusals,
      },
    },
  },
} as const;
