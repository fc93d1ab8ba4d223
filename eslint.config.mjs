import tseslint from 'typescript-eslint';

/**
 * Lint: TypeScript's recommended rules plus the architecture's import rule — data flows one
 * way (collectors → db → metrics/scorecards → app → components), so a layer may import
 * only from the layers below it.
 */
const layer = (files, forbidden, message) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { patterns: [{ group: forbidden, message }] }],
  },
});

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      '.next/**',
      'dist/**',
      '.data/**',
      '.test-data/**',
      'test-results/**',
      'next-env.d.ts',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // Migrations are frozen in time: Kysely's docs type them `Kysely<any>`, never the app's schema.
  { files: ['db/migrations/**'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  layer(
    ['lib/**'],
    [
      '**/db/**',
      '**/collectors/**',
      '**/metrics/**',
      '**/scorecards/**',
      '**/app/**',
      '**/components/**',
      '@/db/*',
      '@/collectors/*',
      '@/metrics/*',
      '@/scorecards/*',
    ],
    'lib/ is the bottom layer: it imports no other Paved folder.',
  ),
  layer(
    ['db/**'],
    [
      '**/collectors/**',
      '**/metrics/**',
      '**/scorecards/**',
      '**/app/**',
      '**/components/**',
      '@/collectors/*',
      '@/metrics/*',
      '@/scorecards/*',
    ],
    'db/ may import only lib/.',
  ),
  layer(
    ['access/**'],
    ['collectors', 'metrics', 'scorecards', 'app', 'components'].flatMap((name) => [`**/${name}/**`, `@/${name}/*`]),
    'access/ (tokens, sessions, the audit log, the access rule) may import db/ and lib/.',
  ),
  layer(
    ['collectors/**'],
    ['**/metrics/**', '**/scorecards/**', '**/app/**', '**/components/**', '@/metrics/*', '@/scorecards/*'],
    'collectors never compute metrics: they import db/ and lib/ only.',
  ),
  layer(
    ['metrics/**'],
    ['**/collectors/**', '**/scorecards/**', '**/app/**', '**/components/**', '@/collectors/*', '@/scorecards/*'],
    'metrics/ may import db/ and lib/.',
  ),
  layer(
    ['scorecards/**'],
    ['**/collectors/**', '**/app/**', '**/components/**', '@/collectors/*'],
    'scorecards/ may import metrics/, db/ and lib/.',
  ),
  layer(
    ['notifications/**'],
    ['**/collectors/**', '**/app/**', '**/components/**', '@/collectors/*', '@/app/*', '@/components/*'],
    'notifications/ (digests and alerts) read through scorecards/ and metrics/, and write through db/.',
  ),
  {
    files: ['components/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@/db/*', '@/collectors/*', '**/db/**', '**/collectors/**'],
              message: 'components render props: no database or collector imports.',
            },
            {
              group: ['@/metrics/*', '@/scorecards/*'],
              allowTypeImports: true,
              message: 'components may take types from metrics/scorecards, not runtime code.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['app/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@/collectors/*', '@/db/writes/*', '**/collectors/**'],
              message:
                'pages and route handlers read through metrics/ and scorecards/, never collectors or raw writes.',
            },
          ],
        },
      ],
    },
  },
  // Query hooks type their data with the domain functions' return types (never restated).
  {
    files: ['app/_queries/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/db/**',
                '**/collectors/**',
                '**/app/**',
                '**/components/**',
                '@/db/*',
                '@/collectors/*',
                '@/app/*',
                '@/components/*',
              ],
              message: 'query hooks speak HTTP to /api/v1: no database, collector or UI imports.',
            },
            {
              group: ['@/metrics/*', '@/scorecards/*', '**/metrics/**', '**/scorecards/**'],
              allowTypeImports: true,
              message: 'query hooks may take types from metrics/scorecards, not runtime code.',
            },
          ],
        },
      ],
    },
  },
  // Tests and benchmarks build fixtures from any layer (a metrics test loads the demo organisation).
  {
    files: ['**/*.test.ts', 'tests/**', 'bench/**', 'e2e/**'],
    rules: { 'no-restricted-imports': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
);
