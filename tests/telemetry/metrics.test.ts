import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { createGithubSource } from '../../collectors/github/source';
import { closeProcessDatabase } from '../../db/database';
import { configSchema } from '../../lib/config-schema';
import { createLogger } from '../../lib/logger';
import { generateFakeOrganisation } from '../fakes/github/org';
import { FAKE_GITHUB_TOKEN, startFakeGithub, type FakeGithub } from '../fakes/github/server';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';
import { runSync } from '../../worker/run-sync';
import { registerDatabaseGauges } from '../../db/metrics-gauges';
import { metrics } from '../../lib/telemetry/metrics';
import { serveWorkerMetrics } from '../../lib/telemetry/metrics-server';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The Prometheus text format (0.0.4), strictly: every sample belongs to a family with HELP and TYPE. */
function parseExposition(text: string): { types: Map<string, string>; samples: Sample[] } {
  const types = new Map<string, string>();
  const helps = new Set<string>();
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (meta) {
      if (meta[1] === 'TYPE') types.set(meta[2]!, meta[3]!);
      else helps.add(meta[2]!);
      continue;
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!sample) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (sample[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
      labels[key!] = value!;
    // Prometheus reads values with Go's ParseFloat: NaN and ±Inf in any case are valid (prom-client
    // writes "Nan" for the event-loop lag before its first sample).
    const special = { nan: NaN, '+inf': Infinity, inf: Infinity, '-inf': -Infinity }[sample[3]!.toLowerCase()];
    const value = special ?? Number(sample[3]);
    if (special === undefined && !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(sample[3]!))
      throw new Error(`not a number: ${line}`);
    const family = [...types.keys()].find(
      (f) =>
        sample[1] === f ||
        (/_(bucket|sum|count)$/.test(sample[1]!) && sample[1]!.replace(/_(bucket|sum|count)$/, '') === f),
    );
    if (!family || !helps.has(family)) throw new Error(`sample without HELP and TYPE: ${line}`);
    samples.push({ name: sample[1]!, labels, value });
  }
  return { types, samples };
}

const NOW = new Date('2026-11-20T12:00:00Z');
const sum = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((total, s) => total + s.value, 0);

describe('Prometheus metrics', () => {
  let t: TestDatabase;
  let fake: FakeGithub;
  beforeAll(async () => {
    process.env.PAVED_NOW = NOW.toISOString();
    t = await createTestDatabase();
    process.env.DATABASE_URL = t.url;
    fake = await startFakeGithub(generateFakeOrganisation({ repositories: 2, days: 15, end: NOW, seed: 8 }), {
      now: () => NOW,
    });
    const config = configSchema.parse({
      github: { apiUrl: fake.url, token: FAKE_GITHUB_TOKEN, organizations: [fake.org.login] },
    });
    const result = await runSync({
      db: t.db,
      url: t.url,
      loaded: { config, file: null, fingerprint: 'test' },
      trigger: 'cli',
      sources: [createGithubSource({ sleep: async () => {} })],
      log: createLogger('test', () => {}),
    });
    expect(result.status).toBe('succeeded');
  });
  afterAll(async () => {
    delete process.env.PAVED_NOW;
    delete process.env.DATABASE_URL;
    await closeProcessDatabase();
    await fake.close();
    await t.drop();
  });

  it('the worker serves its counters on its own port, in the text format, named by convention', async () => {
    const server = await serveWorkerMetrics(0);
    try {
      const response = await fetch(server.url);
      expect(response.headers.get('content-type')).toContain('text/plain; version=0.0.4');
      const { types, samples } = parseExposition(await response.text());
      for (const [name, type] of types) {
        expect(name, name).toMatch(/^(paved_|process_|nodejs_)/);
        if (type === 'counter') expect(name, name).toMatch(/_total$/);
        if (name.startsWith('paved_') && type === 'histogram') expect(name, name).toMatch(/_seconds$/);
      }
      expect(sum(samples, 'paved_sync_runs_total', { source: 'github', outcome: 'succeeded' })).toBeGreaterThanOrEqual(
        1,
      );
      expect(sum(samples, 'paved_sync_run_duration_seconds_count')).toBeGreaterThanOrEqual(1);
      expect(sum(samples, 'paved_sync_part_duration_seconds_count', { source: 'github', outcome: 'done' })).toBe(2);
      expect(sum(samples, 'paved_github_points_spent_total', { budget: 'token' })).toBeGreaterThanOrEqual(
        fake.stats.graphqlPoints,
      );
      expect(sum(samples, 'paved_derivation_duration_seconds_count')).toBeGreaterThanOrEqual(1);
      expect(sum(samples, 'paved_scorecard_evaluation_duration_seconds_count')).toBeGreaterThanOrEqual(1);
      expect(sum(samples, 'process_resident_memory_bytes')).toBeGreaterThan(0);
      expect((await fetch(server.url.replace('/metrics', '/other'))).status).toBe(404);
    } finally {
      server.close();
    }
  });

  it('the web /metrics adds what the database knows: last success per source, queue depth, budgets', async () => {
    const { GET } = await import('../../app/metrics/route');
    const response = await GET();
    expect(response.status).toBe(200);
    const { types, samples } = parseExposition(await response.text());
    expect(types.get('paved_last_successful_sync_timestamp_seconds')).toBe('gauge');
    const lastSuccess = sum(samples, 'paved_last_successful_sync_timestamp_seconds', { source: 'github' });
    // Runs end at "now", which this test pins (PAVED_NOW).
    expect(lastSuccess).toBe(NOW.getTime() / 1000);
    expect(types.get('paved_queue_jobs')).toBe('gauge');
    expect(sum(samples, 'paved_github_points_remaining', { budget: 'token' })).toBe(fake.budget.remaining);
    // REST (Actions runs) has a budget of its own, read from the answers' x-ratelimit-* headers.
    expect(fake.stats.restCalls).toBeGreaterThan(0);
    expect(fake.restBudget.remaining).toBe(fake.restBudget.limit - fake.stats.restCalls);
    expect(types.get('paved_github_rest_requests_remaining')).toBe('gauge');
    expect(sum(samples, 'paved_github_rest_requests_remaining', { budget: 'token' })).toBe(fake.restBudget.remaining);
    expect(sum(samples, 'paved_github_rest_requests_limit', { budget: 'token' })).toBe(5000);
    expect(sum(samples, 'paved_github_rest_requests_reset_timestamp_seconds', { budget: 'token' })).toBe(
      Math.floor(fake.restBudget.resetAt.getTime() / 1000),
    );
    expect(types.get('paved_http_request_duration_seconds')).toBe('histogram');
    expect(types.get('paved_webhook_deliveries_total')).toBe('counter');
  });

  it('the alert rules and the Grafana dashboard in deploy/ parse and name only families Paved exports', async () => {
    const { getDb } = await import('../../db/database');
    registerDatabaseGauges(getDb);
    const exported = new Set(
      metrics()
        .registry.getMetricsAsArray()
        .map((m) => m.name),
    );
    const rules = parseYaml(readFileSync('deploy/monitoring/alerts.yaml', 'utf8')) as {
      groups: { rules: { alert: string; expr: string }[] }[];
    };
    const dashboard = JSON.parse(readFileSync('deploy/monitoring/grafana-dashboard.json', 'utf8')) as {
      panels: { targets: { expr: string }[] }[];
    };
    const expressions = [
      ...rules.groups.flatMap((g) => g.rules.map((r) => r.expr)),
      ...dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr)),
    ];
    expect(rules.groups[0]!.rules.map((r) => r.alert)).toEqual(
      expect.arrayContaining([
        'PavedSyncStale',
        'PavedGithubBudgetExhausted',
        'PavedGithubRestBudgetExhausted',
        'PavedJobFailures',
      ]),
    );
    const named = expressions.flatMap((e) =>
      [...e.matchAll(/\b((?:paved|process|nodejs)_[a-z0-9_]+)/g)].map((m) => m[1]!),
    );
    expect(named.length).toBeGreaterThan(10);
    for (const name of named) expect(exported, name).toContain(name.replace(/_(bucket|sum|count)$/, ''));
  });
});
