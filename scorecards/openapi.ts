import { jsonSchema, pathParam, queryParameters } from '../lib/openapi';
import { initiativeDetail, initiativeList } from './initiatives/responses';
import { badgeParams, historyParams, impactParams, initiativeParams } from './request-scorecards';
import * as body from './responses';

/**
 * The scorecard endpoints' part of /api/v1/openapi.json. Queries and answers are generated from
 * their zod schemas (request-scorecards.ts, responses.ts); tests/api/contract.test.ts holds the routes
 * to the served document.
 */

const error = {
  description: 'Error',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
};
const idParam = pathParam('id', { type: 'string' }, 'Scorecard id from the scorecards file');
const json = (ref: string, description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } },
});
const invalidFile = {
  ...error,
  description: 'The scorecards file is invalid; the message names the file, check, key and reason',
};

export const scorecardSchemas = {
  ScorecardList: jsonSchema(body.scorecardList, 'output'),
  ScorecardDetail: jsonSchema(body.scorecardDetail, 'output'),
  ServiceScorecard: jsonSchema(body.serviceScorecard, 'output'),
  ScorecardHistory: jsonSchema(body.scorecardHistory, 'output'),
  ScorecardImpact: jsonSchema(body.scorecardImpact, 'output'),
  InitiativeList: jsonSchema(initiativeList, 'output'),
  InitiativeDetail: jsonSchema(initiativeDetail, 'output'),
};

export const scorecardPaths = {
  '/api/v1/scorecards': {
    get: {
      summary: 'Scorecards with the organisation rollup',
      tags: ['scorecards'],
      responses: {
        200: {
          description: 'Scorecards',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/ScorecardList' } } },
        },
        500: invalidFile,
      },
    },
  },
  '/api/v1/scorecards/{id}': {
    get: {
      summary: 'Checks with adoption overall and per team; team and organisation rollups',
      tags: ['scorecards'],
      parameters: [idParam],
      responses: { 200: json('ScorecardDetail', 'The scorecard'), 404: error, 500: invalidFile },
    },
  },
  '/api/v1/scorecards/{id}/services/{slug}': {
    get: {
      summary: "A service's results with reasons and remediation",
      tags: ['scorecards'],
      parameters: [idParam, pathParam('slug', { type: 'string' })],
      responses: { 200: json('ServiceScorecard', 'Results'), 404: error, 500: invalidFile },
    },
  },
  '/api/v1/scorecards/{id}/history': {
    get: {
      summary: 'Daily history per check version, team and organisation',
      tags: ['scorecards'],
      parameters: [idParam, ...queryParameters(historyParams)],
      responses: { 200: json('ScorecardHistory', 'History'), 400: error, 404: error, 500: invalidFile },
    },
  },
  '/api/v1/scorecards/{id}/impact': {
    get: {
      summary:
        "The platform team's view: adoption, trend, lagging teams, outcomes passing vs failing, before/after, ranked roadmap",
      tags: ['scorecards'],
      parameters: [idParam, ...queryParameters(impactParams)],
      responses: {
        200: {
          description: 'Impact; with `format=csv`, one row per check',
          content: {
            'application/json': { schema: { $ref: '#/components/schemas/ScorecardImpact' } },
            'text/csv': { schema: { type: 'string' } },
          },
        },
        400: {
          ...error,
          description: 'Invalid parameters, or a team, tier or level the catalog or scorecard does not know',
        },
        404: { ...error, description: 'Unknown scorecard' },
        500: invalidFile,
      },
    },
  },
  '/api/v1/initiatives': {
    get: {
      summary: 'Initiatives with their progress and the teams behind',
      tags: ['scorecards'],
      responses: { 200: json('InitiativeList', 'Initiatives'), 500: invalidFile },
    },
  },
  '/api/v1/initiatives/{id}': {
    get: {
      summary: 'One initiative: progress per check, team and service over time, what is left, who is late',
      tags: ['scorecards'],
      parameters: [
        pathParam('id', { type: 'string' }, 'Initiative id from the scorecards file'),
        ...queryParameters(initiativeParams),
      ],
      responses: { 200: json('InitiativeDetail', 'The initiative'), 400: error, 404: error, 500: invalidFile },
    },
  },
  '/api/v1/badges/{service}.svg': {
    get: {
      summary: "A service's level as an SVG badge for a README",
      tags: ['scorecards'],
      description: 'Public (no credentials) unless auth.publicBadges is false.',
      security: [{}, { apiToken: [] }, { session: [] }],
      parameters: [pathParam('service', { type: 'string' }), ...queryParameters(badgeParams)],
      responses: {
        200: { description: 'SVG', content: { 'image/svg+xml': { schema: { type: 'string' } } } },
        404: error,
      },
    },
  },
};
