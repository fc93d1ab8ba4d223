import { recordStreamError } from '../../db/writes/sync-state';
import { redact } from '../../lib/logger';
import type { Source } from '../source';
import { createPagerdutyClient, type PagerdutyClientOptions } from './client';
import { INCIDENTS_STREAM, syncIncidents } from './streams/incidents';
import { syncServices } from './streams/services';

/**
 * The PagerDuty source: services, then incidents of those services. `sleep`, `random` and
 * `timeoutMs` are injectable so tests exercise back-off and timeouts without waiting;
 * `offsetCap` lets them exercise window splitting on a small account.
 */
export function createPagerdutySource(
  options: Pick<PagerdutyClientOptions, 'sleep' | 'random' | 'timeoutMs' | 'offsetCap'> = {},
): Source {
  return {
    id: 'pagerduty',
    isConfigured: (config) => Boolean(config.pagerduty),
    async run(ctx) {
      const config = ctx.config.pagerduty!;
      const client = createPagerdutyClient(config, {
        ...options,
        fetch: ctx.fetch,
        log: ctx.log.child('http'),
      });
      const services = await syncServices(ctx.db, client, config.serviceIds, ctx.log);
      const serviceCalls = client.spent.restCalls;
      ctx.report('services', { rows: services, restCalls: serviceCalls });
      const progress = { rows: 0 };
      let incidents: number;
      try {
        incidents = await syncIncidents(ctx.db, client, {
          config,
          full: ctx.full,
          now: ctx.now,
          log: ctx.log,
          progress,
        });
      } catch (error) {
        // The cursor stays where the last committed page left it; the error is kept beside it.
        const message = redact(error instanceof Error ? error.message : String(error));
        await recordStreamError(ctx.db, INCIDENTS_STREAM, message, ctx.now).catch(() => undefined);
        ctx.report('incidents', {
          rows: progress.rows,
          restCalls: client.spent.restCalls - serviceCalls,
          error: message,
        });
        throw error;
      }
      ctx.report('incidents', { rows: incidents, restCalls: client.spent.restCalls - serviceCalls });
      ctx.log.info(`pagerduty: ${services} services, ${incidents} incident rows, ${client.spent.restCalls} REST calls`);
    },
  };
}

export const pagerdutySource: Source = createPagerdutySource();
