import { BENCHMARK, METRICS } from './definitions';

const windowParams = [
  {
    name: 'from',
    in: 'query',
    schema: { type: 'string' },
    description:
      'A date (its 00:00:00Z) or an instant with offset, inclusive. Default: the last 90 whole UTC days (docs/metrics.md, Windows).',
  },
  {
    name: 'to',
    in: 'query',
    schema: { type: 'string' },
    description:
      'A date (included: the window ends at the next midnight, or now) or an instant with offset (exclusive). At most 731 days after `from`.',
  },
  { name: 'service', in: 'query', schema: { type: 'string' }, description: 'A service slug (not with `team`).' },
  { name: 'team', in: 'query', schema: { type: 'string' }, description: 'A team slug (not with `service`).' },
];
const listParams = [
  ...windowParams,
  { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
  { name: 'cursor', in: 'query', schema: { type: 'string' }, description: 'The `nextCursor` of the previous page.' },
  {
    name: 'format',
    in: 'query',
    schema: { type: 'string', enum: ['json', 'csv'], default: 'json' },
    description:
      "`csv` streams every row from `cursor` on (`limit` does not apply); cells that begin with `=`, `+`, `-`, `@`, a tab or a carriage return are prefixed with `'`.",
  },
];
const errors = {
  '400': { description: 'Invalid parameters: `{ error: { message, code, status } }`' },
  '404': { description: 'Unknown service or team' },
};
const ok = (description: string) => ({ '200': { description, content: { 'application/json': {} } }, ...errors });
const okList = (description: string) => ({
  '200': { description, content: { 'application/json': {}, 'text/csv': {} } },
  ...errors,
});

/** The metrics API's paths, for /api/v1/openapi.json. */
export const metricsOpenApiPaths = {
  '/api/v1/dora': {
    get: {
      summary: 'The five DORA metrics of a scope over a window, and of the preceding window',
      parameters: windowParams,
      responses: ok(`Figures with levels (benchmark ${BENCHMARK})`),
    },
  },
  '/api/v1/dora/series': {
    get: {
      summary: 'The same figures per week or month',
      parameters: [
        ...windowParams,
        { name: 'interval', in: 'query', schema: { type: 'string', enum: ['week', 'month'], default: 'week' } },
      ],
      responses: ok('One point per bucket'),
    },
  },
  '/api/v1/services': {
    get: { summary: 'Services with team, repositories and PagerDuty services', responses: ok('Services') },
  },
  '/api/v1/services/{slug}': {
    get: {
      summary: 'One service with its figures',
      parameters: [
        { name: 'slug', in: 'path', required: true, schema: { type: 'string' } },
        ...windowParams.slice(0, 2),
      ],
      responses: ok('A service'),
    },
  },
  '/api/v1/teams': { get: { summary: 'Teams', responses: ok('Teams') } },
  '/api/v1/teams/{slug}': {
    get: {
      summary: 'One team with its services and pooled figures',
      parameters: [
        { name: 'slug', in: 'path', required: true, schema: { type: 'string' } },
        ...windowParams.slice(0, 2),
      ],
      responses: ok('A team'),
    },
  },
  '/api/v1/deployments': {
    get: {
      summary: 'Production deployments behind the figures, with failure reasons and evidence',
      parameters: [
        ...listParams,
        { name: 'failed', in: 'query', schema: { type: 'string', enum: ['true', 'false'] } },
        { name: 'rework', in: 'query', schema: { type: 'string', enum: ['true', 'false'] } },
      ],
      responses: okList('A page of deployments'),
    },
  },
  '/api/v1/changes': {
    get: {
      summary: 'Changes deployed in the window with lead time and stages',
      parameters: [...listParams, { name: 'deployment', in: 'query', schema: { type: 'string' } }],
      responses: okList('A page of changes'),
    },
  },
  '/api/v1/incidents': {
    get: {
      summary: 'Incidents, their attributed deployment and time to restore',
      parameters: listParams,
      responses: okList('A page of incidents'),
    },
  },
  '/api/v1/data-quality': {
    get: { summary: 'What the figures leave out, and the last sync per source', responses: ok('Data-quality lists') },
  },
  '/api/v1/sync': {
    post: {
      summary: 'Queue a sync of every configured source (a worker runs it); joins a run already queued or collecting',
      description: 'Admin: an admin API token, or an admin session (same-origin requests only).',
      responses: {
        '202': {
          description: '`{ runId, status, joined, progress }`; `Location` is the run',
          content: { 'application/json': {} },
        },
        '401': { description: 'No credentials, or an unknown or revoked token' },
        '403': { description: 'The credentials do not hold the admin role' },
      },
    },
  },
  '/api/v1/sync/runs/{id}': {
    get: {
      summary:
        'A sync run: status, parts settled of total, repositories done, points and REST calls spent, what runs now',
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }],
      responses: { ...ok('The run and its progress'), '404': { description: 'No such run' } },
    },
  },
} as const;

export const metricDefinitions = METRICS;
