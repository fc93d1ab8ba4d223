import type { Source } from '../source';
import { createPagerdutyClient, type PagerdutyClientOptions } from './client';
import { syncIncidents } from './streams/incidents';
import { syncServices } from './streams/services';

/**
 * The PagerDuty source: services, then incidents of those services. `sleep` is injectable
 * so tests exercise rate-limit back-off without waiting.
 */
export function createPagerdutySource(options: Pick<PagerdutyClientOptions, 'sleep'> = {}): Source {
  return {
    id: 'pagerduty',
    isConfigured: (config) => Boolean(config.pagerduty),
    async run(ctx) {
      const config = ctx.config.pagerduty!;
      const client = createPagerdutyClient(config, { fetch: ctx.fetch, sleep: options.sleep });
      const services = await syncServices(ctx.db, client, config.serviceIds, ctx.log);
      const serviceCalls = client.spent.restCalls;
      ctx.report('services', { rows: services, restCalls: serviceCalls });
      const incidents = await syncIncidents(ctx.db, client, { config, full: ctx.full, now: ctx.now, log: ctx.log });
      ctx.report('incidents', { rows: incidents, restCalls: client.spent.restCalls - serviceCalls });
      ctx.log.info(`pagerduty: ${services} services, ${incidents} incident rows, ${client.spent.restCalls} REST calls`);
    },
  };
}

export const pagerdutySource: Source = createPagerdutySource();
