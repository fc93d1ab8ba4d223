import type { z } from 'zod';
import {
  changeParams,
  deploymentParams,
  formatParams,
  incidentParams,
  positiveId,
  reportParams,
  scopeAndWindow,
  seriesParams,
  windowAndTeam,
} from '../lib/params';
import { jsonSchema, pathParam, queryParameters } from '../lib/openapi';
import { BENCHMARK, METRICS } from './definitions';
import { incidentOverrideRequest } from './incident-overrides';
import * as body from './responses';

/**
 * The metrics API's part of /api/v1/openapi.json, generated from the zod schemas the routes parse
 * their queries with (lib/params.ts) and the schemas of their answers (metrics/responses.ts).
 */

const slugPath = pathParam('slug', { type: 'string' });

const error = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});
// Writes need an admin (docs/access.md).
const refusals = {
  '401': error('No credentials, or an unknown or revoked token'),
  '403': error('The credentials do not hold the admin role, or the Origin is not this site'),
  '429': error('Too many failed credentials from this address; see Retry-After'),
};
const errors = { '400': error('Invalid parameters'), '404': error('Unknown service or team') };
const ok = (schema: z.ZodType, description: string) => ({
  '200': { description, content: { 'application/json': { schema: jsonSchema(schema, 'output') } } },
  ...errors,
});
const okList = (schema: z.ZodType, description: string) => ({
  '200': {
    description: `${description}; with \`format=csv\`, the items as CSV`,
    content: {
      'application/json': { schema: jsonSchema(schema, 'output') },
      'text/csv': { schema: { type: 'string' } },
    },
  },
  ...errors,
});

/** The metrics API's paths. */
export function metricsOpenApiPaths() {
  return {
    '/api/v1/dora': {
      get: {
        summary: 'The five DORA metrics of a scope over a window, and of the window it is compared with',
        parameters: queryParameters(reportParams),
        responses: ok(body.doraReport, `Figures with levels (benchmark ${BENCHMARK})`),
      },
    },
    '/api/v1/dora/series': {
      get: {
        summary: 'The same figures per week or month',
        parameters: queryParameters(seriesParams),
        responses: ok(body.doraSeries, 'One point per bucket'),
      },
    },
    '/api/v1/dora/services': {
      get: {
        summary:
          'Every service’s (or one team’s) figures over a window with its level on the first scorecard: the rows of the services list',
        parameters: queryParameters(windowAndTeam),
        responses: ok(body.serviceFigures, 'One row per service'),
      },
    },
    '/api/v1/targets': {
      get: {
        summary:
          'Every target in force (config `targets`), or one team’s or service’s, judged over a window: on track, off track or not enough data',
        parameters: queryParameters(scopeAndWindow),
        responses: ok(body.targetList, 'Targets in the config’s order, and targets naming an unknown team or service'),
      },
    },
    '/api/v1/services': {
      get: {
        summary: 'Services with team, repositories and PagerDuty services',
        parameters: queryParameters(formatParams),
        responses: okList(body.serviceList, 'Every service'),
      },
    },
    '/api/v1/services/{slug}': {
      get: {
        summary: 'One service with its figures',
        parameters: [
          slugPath,
          ...queryParameters(reportParams).filter((p) => ['from', 'to', 'compare'].includes(p.name)),
        ],
        responses: ok(body.serviceDetail, 'A service'),
      },
    },
    '/api/v1/teams': {
      get: {
        summary: 'Teams',
        parameters: queryParameters(formatParams),
        responses: okList(body.teamList, 'Every team'),
      },
    },
    '/api/v1/teams/{slug}': {
      get: {
        summary: 'One team with its services and pooled figures',
        parameters: [
          slugPath,
          ...queryParameters(reportParams).filter((p) => ['from', 'to', 'compare'].includes(p.name)),
        ],
        responses: ok(body.teamView, 'A team'),
      },
    },
    '/api/v1/deployments': {
      get: {
        summary: 'Production deployments behind the figures, with failure reasons and evidence',
        parameters: queryParameters(deploymentParams),
        responses: okList(body.deploymentList, 'A page of deployments, newest first'),
      },
    },
    '/api/v1/changes': {
      get: {
        summary: 'Changes deployed in the window with lead time and stages',
        parameters: queryParameters(changeParams),
        responses: okList(body.changeList, 'A page of changes, newest first'),
      },
    },
    '/api/v1/incidents': {
      get: {
        summary: 'Incidents, their attributed deployment and time to restore',
        parameters: queryParameters(incidentParams),
        responses: okList(body.incidentList, 'A page of incidents, newest first'),
      },
    },
    '/api/v1/incidents/{source}/{id}/override': {
      put: {
        summary:
          'Correct an incident’s attribution: "not caused by a change", or attached to a deployment of its services (admin, audited)',
        parameters: [pathParam('source', { type: 'string' }), pathParam('id', { type: 'string' })],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: jsonSchema(incidentOverrideRequest, 'input') } },
        },
        responses: {
          '200': {
            description: 'The override, with who made it and when; the figures follow after the next derivation',
            content: { 'application/json': { schema: jsonSchema(body.incidentOverrideAnswer, 'output') } },
          },
          '400': error('Invalid body, or a deployment not of this incident’s services'),
          '404': error('No such incident'),
          ...refusals,
        },
      },
      delete: {
        summary: 'Remove an incident’s override: the attribution rule applies again (admin, audited)',
        parameters: [pathParam('source', { type: 'string' }), pathParam('id', { type: 'string' })],
        responses: { '204': { description: 'Removed' }, '404': error('The incident has no override'), ...refusals },
      },
    },
    '/api/v1/data-quality': {
      get: {
        summary: 'What the figures leave out, and the last sync per source',
        responses: { '200': ok(body.dataQuality, 'Data-quality lists')['200'] },
      },
    },
    '/api/v1/sync': {
      post: {
        summary: 'Queue a sync of every configured source (a worker runs it); joins a run already queued or collecting',
        description: 'Admin: an admin API token, or an admin session (same-origin requests only).',
        responses: {
          '202': {
            description: 'The run; `Location` is its progress endpoint',
            headers: { location: { schema: { type: 'string' } } },
            content: { 'application/json': { schema: jsonSchema(body.syncStarted, 'output') } },
          },
          '401': error('No credentials, or an unknown or revoked token'),
          '403': error('The credentials do not hold the admin role'),
        },
      },
    },
    '/api/v1/sync/runs/{id}': {
      get: {
        summary:
          'A sync run: status, parts settled of total, repositories done, points and REST calls spent, what runs now',
        parameters: [pathParam('id', jsonSchema(positiveId, 'input'))],
        responses: {
          '200': ok(body.runProgress, 'The run and its progress')['200'],
          '400': error('Not a run id'),
          '404': error('No such run'),
        },
      },
    },
  };
}

export const errorSchema = () => jsonSchema(body.apiError, 'output');

export const metricDefinitions = METRICS;
