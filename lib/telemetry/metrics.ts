import client from 'prom-client';

/**
 * Every Prometheus family Paved exports, defined once. Each process (web, worker) fills the
 * ones it observes; names follow Prometheus conventions: `paved_` prefix, the unit as a
 * suffix, `_total` for counters. Node's process metrics keep their standard names
 * (`process_*`, `nodejs_*`) so the usual dashboards read them.
 */
function createFamilies() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const DURATION_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 10_800];
  return {
    registry,
    syncRuns: new client.Counter({
      name: 'paved_sync_runs_total',
      help: 'Sync runs ended, per source they collected and outcome (succeeded, failed).',
      labelNames: ['source', 'outcome'] as const,
      registers,
    }),
    syncRunDuration: new client.Histogram({
      name: 'paved_sync_run_duration_seconds',
      help: 'Wall time of sync runs, from request to the end of their derivation.',
      labelNames: ['outcome'] as const,
      buckets: DURATION_BUCKETS,
      registers,
    }),
    syncPartDuration: new client.Histogram({
      name: 'paved_sync_part_duration_seconds',
      help: 'Time one part of a run (a repository, a PagerDuty account) took on a worker.',
      labelNames: ['source', 'outcome'] as const,
      buckets: DURATION_BUCKETS,
      registers,
    }),
    githubPointsSpent: new client.Counter({
      name: 'paved_github_points_spent_total',
      help: 'GitHub GraphQL points spent, per token or App installation.',
      labelNames: ['budget'] as const,
      registers,
    }),
    githubRestRequests: new client.Counter({
      name: 'paved_github_rest_requests_total',
      help: 'GitHub REST requests made, per token or App installation.',
      labelNames: ['budget'] as const,
      registers,
    }),
    pagerdutyRequests: new client.Counter({
      name: 'paved_pagerduty_requests_total',
      help: 'PagerDuty REST answers, per HTTP status (0: no answer).',
      labelNames: ['status'] as const,
      registers,
    }),
    pagerdutyRateLimited: new client.Counter({
      name: 'paved_pagerduty_rate_limited_total',
      help: 'PagerDuty answers 429 (rate limited).',
      registers,
    }),
    derivationDuration: new client.Histogram({
      name: 'paved_derivation_duration_seconds',
      help: 'Time to derive delivery facts (deployments, changes, incidents) from collected data.',
      buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600],
      registers,
    }),
    scorecardEvaluationDuration: new client.Histogram({
      name: 'paved_scorecard_evaluation_duration_seconds',
      help: 'Time to evaluate the scorecards for today.',
      buckets: [0.05, 0.1, 0.5, 1, 2, 5, 10, 30, 60],
      registers,
    }),
    jobFailures: new client.Counter({
      name: 'paved_job_failures_total',
      help: 'Queue jobs that threw (they are retried, then dead-lettered), per queue.',
      labelNames: ['queue'] as const,
      registers,
    }),
    webhookDeliveries: new client.Counter({
      name: 'paved_webhook_deliveries_total',
      help: 'Webhook requests per source and outcome: queued, coalesced, ignored (verified), or rejected, duplicate, malformed.',
      labelNames: ['source', 'outcome'] as const,
      registers,
    }),
    httpRequestDuration: new client.Histogram({
      name: 'paved_http_request_duration_seconds',
      help: 'Web requests, per route pattern (never the raw address), method and status class.',
      labelNames: ['route', 'method', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    figureCacheLookups: new client.Counter({
      name: 'paved_figure_cache_lookups_total',
      help: 'Computed figures asked of the web process cache: hit, miss (computed), or joined (waited for the same computation already running). Hit rate: hit ÷ all.',
      labelNames: ['result'] as const,
      registers,
    }),
    responseCacheLookups: new client.Counter({
      name: 'paved_response_cache_lookups_total',
      help: 'Cacheable page and API requests the web process answered from its response cache (hit), rendered (miss), or answered with a rendering already running (joined). Hit rate: hit ÷ all.',
      labelNames: ['result'] as const,
      registers,
    }),
    responseCacheBytes: new client.Gauge({
      name: 'paved_response_cache_bytes',
      help: 'Size of the rendered responses the web process keeps (bytes; bounded by PAVED_RESPONSE_CACHE_MB).',
      registers,
    }),
    figureCacheBytes: new client.Gauge({
      name: 'paved_figure_cache_bytes',
      help: 'Size of the computed figures the web process keeps (JSON bytes; bounded by PAVED_FIGURE_CACHE_MB).',
      registers,
    }),
  };
}

export type MetricFamilies = ReturnType<typeof createFamilies>;

// One set per process: the custom server (bin/serve.ts) and Next.js's bundle of the /metrics
// route each load this module, and must share what they count.
const holder = globalThis as { __pavedMetrics?: MetricFamilies };

export function metrics(): MetricFamilies {
  return (holder.__pavedMetrics ??= createFamilies());
}

export const METRICS_CONTENT_TYPE = client.Registry.PROMETHEUS_CONTENT_TYPE;

/** Times `work` into `histogram`, whether it succeeds or throws. */
export async function timed<T>(histogram: client.Histogram, work: () => Promise<T>): Promise<T> {
  const end = histogram.startTimer();
  try {
    return await work();
  } finally {
    end();
  }
}
