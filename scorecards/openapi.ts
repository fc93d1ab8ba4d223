/**
 * OpenAPI 3.1 path objects and schemas of the scorecard endpoints, part of /api/v1/openapi.json
 * (app/api/v1/openapi.json/route.ts).
 */

const error = {
  description: 'Error',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
};
const idParam = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'Scorecard id from the scorecards file',
  schema: { type: 'string' },
};
const json = (ref: string, description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } },
});
const invalidFile = {
  ...error,
  description: 'The scorecards file is invalid; the message names the file, check, key and reason',
};
const state = { type: 'string', enum: ['pass', 'fail', 'exempt', 'not_applicable', 'no_data', 'upcoming'] };
const rollup = {
  type: 'object',
  properties: {
    services: { type: 'integer' },
    levelDistribution: {
      type: 'object',
      additionalProperties: { type: 'integer' },
      description: 'Services per level reached; "none" below the first',
    },
    averageScore: { type: ['number', 'null'] },
    passRate: { type: ['number', 'null'] },
  },
};
const adoption = {
  type: 'object',
  properties: { passing: { type: 'integer' }, applicable: { type: 'integer' }, rate: { type: ['number', 'null'] } },
};

export const scorecardSchemas = {
  ScorecardRollup: rollup,
  ScorecardSummary: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      name: { type: 'string' },
      description: { type: ['string', 'null'] },
      levels: { type: 'array', items: { type: 'string' } },
      checks: { type: 'integer' },
      evaluatedAt: { type: ['string', 'null'], format: 'date-time' },
      organisation: { $ref: '#/components/schemas/ScorecardRollup' },
    },
  },
  ScorecardDetail: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      levels: { type: 'array', items: { type: 'string' } },
      checks: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            name: { type: 'string' },
            level: { type: 'string' },
            category: { type: ['string', 'null'] },
            weight: { type: 'number' },
            remediation: { type: 'string', description: 'Markdown' },
            enforcedFrom: { type: ['string', 'null'], format: 'date' },
            definitionHash: { type: 'string' },
            states: { type: 'object', additionalProperties: { type: 'integer' } },
            adoption,
            byTeam: {
              type: 'array',
              items: { allOf: [adoption, { type: 'object', properties: { team: { type: 'string' } } }] },
            },
          },
        },
      },
      organisation: { $ref: '#/components/schemas/ScorecardRollup' },
      teams: {
        type: 'array',
        items: {
          allOf: [
            { $ref: '#/components/schemas/ScorecardRollup' },
            { type: 'object', properties: { team: { type: 'string' } } },
          ],
        },
      },
      services: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            slug: { type: 'string' },
            team: { type: ['string', 'null'] },
            level: { type: ['string', 'null'] },
            score: { type: ['number', 'null'] },
            nextLevel: { type: ['string', 'null'] },
            blocking: { type: 'array', items: { type: 'string' } },
          },
        },
      },
    },
  },
  ServiceScorecard: {
    type: 'object',
    properties: {
      level: { type: ['string', 'null'] },
      score: { type: ['number', 'null'] },
      nextLevel: { type: ['string', 'null'] },
      blocking: { type: 'array', items: { type: 'string' } },
      results: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            checkId: { type: 'string' },
            name: { type: 'string' },
            level: { type: 'string' },
            state: { ...state, type: ['string', 'null'] },
            reason: { type: 'string' },
            remediation: { type: 'string' },
            exemption: {
              type: ['object', 'null'],
              properties: {
                reason: { type: 'string' },
                expires: { type: 'string', format: 'date' },
                expired: { type: 'boolean' },
              },
            },
          },
        },
      },
    },
  },
  ScorecardHistory: {
    type: 'object',
    properties: {
      from: { type: 'string', format: 'date' },
      to: { type: 'string', format: 'date' },
      checks: {
        type: 'array',
        items: {
          type: 'object',
          description: 'One series per check version; a changed rule starts a new one',
          properties: {
            checkId: { type: 'string' },
            definitionHash: { type: 'string' },
            current: { type: 'boolean' },
            newSeriesAfterRuleChange: { type: 'boolean' },
            points: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  day: { type: 'string', format: 'date' },
                  passing: { type: 'integer' },
                  applicable: { type: 'integer' },
                  adoption: { type: ['number', 'null'] },
                },
              },
            },
          },
        },
      },
      organisation: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            day: { type: 'string', format: 'date' },
            levelDistribution: { type: 'object', additionalProperties: { type: 'integer' } },
            averageScore: { type: ['number', 'null'] },
            passRate: { type: ['number', 'null'] },
          },
        },
      },
      teams: {
        type: 'array',
        items: {
          type: 'object',
          properties: { team: { type: 'string' }, points: { type: 'array', items: { type: 'object' } } },
        },
      },
    },
  },
  ScorecardImpact: {
    type: 'object',
    description:
      'Adoption versus outcomes per check, and the ranked roadmap (formula in docs/scorecards.md). Correlation, not causation: see `caution`.',
    properties: {
      caution: { type: 'string' },
      checks: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            checkId: { type: 'string' },
            adoption: { type: 'object' },
            trend: { type: 'object' },
            laggingTeams: { type: 'array', items: { type: 'object' } },
            outcomes: {
              type: 'object',
              description: 'passing and failing groups with sample sizes, and the relative gaps',
            },
            beforeAfter: { type: 'object' },
          },
        },
      },
      roadmap: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            rank: { type: 'integer' },
            checkId: { type: 'string' },
            failing: { type: 'integer' },
            priority: { type: ['number', 'null'] },
            note: { type: 'string' },
          },
        },
      },
    },
  },
} as const;

export const scorecardPaths = {
  '/api/v1/scorecards': {
    get: {
      summary: 'Scorecards with the organisation rollup',
      tags: ['scorecards'],
      responses: {
        200: {
          description: 'Scorecards',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: { scorecards: { type: 'array', items: { $ref: '#/components/schemas/ScorecardSummary' } } },
              },
            },
          },
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
      parameters: [idParam, { name: 'slug', in: 'path', required: true, schema: { type: 'string' } }],
      responses: { 200: json('ServiceScorecard', 'Results'), 404: error, 500: invalidFile },
    },
  },
  '/api/v1/scorecards/{id}/history': {
    get: {
      summary: 'Daily history per check version, team and organisation',
      tags: ['scorecards'],
      parameters: [
        idParam,
        {
          name: 'from',
          in: 'query',
          schema: { type: 'string', format: 'date' },
          description: 'UTC day; default 90 days before `to`',
        },
        { name: 'to', in: 'query', schema: { type: 'string', format: 'date' }, description: 'UTC day; default today' },
      ],
      responses: { 200: json('ScorecardHistory', 'History'), 400: error, 404: error, 500: invalidFile },
    },
  },
  '/api/v1/scorecards/{id}/impact': {
    get: {
      summary:
        "The platform team's view: adoption, trend, lagging teams, outcomes passing vs failing, before/after, ranked roadmap",
      tags: ['scorecards'],
      parameters: [
        idParam,
        { name: 'windowDays', in: 'query', schema: { type: 'integer', minimum: 7, maximum: 365, default: 90 } },
        { name: 'weeks', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 26, default: 4 } },
        { name: 'minSample', in: 'query', schema: { type: 'integer', minimum: 1, default: 5 } },
      ],
      responses: { 200: json('ScorecardImpact', 'Impact'), 400: error, 404: error, 500: invalidFile },
    },
  },
  '/api/v1/badges/{service}.svg': {
    get: {
      summary: "A service's level as an SVG badge for a README",
      tags: ['scorecards'],
      description: 'Public (no credentials) unless auth.publicBadges is false.',
      security: [{}, { apiToken: [] }, { session: [] }],
      parameters: [
        { name: 'service', in: 'path', required: true, schema: { type: 'string' } },
        {
          name: 'scorecard',
          in: 'query',
          schema: { type: 'string' },
          description: 'Default: the first scorecard in the file',
        },
      ],
      responses: {
        200: { description: 'SVG', content: { 'image/svg+xml': { schema: { type: 'string' } } } },
        404: error,
      },
    },
  },
} as const;
