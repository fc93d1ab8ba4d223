import { recordHistoryFrom } from '../../db/writes/collected-history';
import { recordStreamError } from '../../db/writes/sync-state';
import { DAY_MS } from '../../lib/clock';
import { redact } from '../../lib/logger';
import type { Source, SyncContext } from '../source';
import { createPagerdutyClient, type PagerdutyClientOptions } from './client';
import { INCIDENTS_STREAM, syncIncidents } from './streams/incidents';
import { refreshIncident } from './streams/one-incident';
import { syncServices } from './streams/services';

/**
 * The PagerDuty source. Its plan lists the services; its one part collects their incidents.
 * `sleep`, `random` and `timeoutMs` are injectable so tests exercise back-off and timeouts without waiting;
 * `offsetCap` lets them exercise window splitting on a small account.
 */
export function createPagerdutySource(
  options: Pick<PagerdutyClientOptions, 'sleep' | 'random' | 'timeoutMs' | 'offsetCap'> = {},
): Source {
  const clientFor = (ctx: SyncContext) =>
    createPagerdutyClient(ctx.config.pagerduty!, {
      ...options,
      fetch: ctx.fetch,
      signal: ctx.signal,
      log: ctx.log.child('http'),
    });
  return {
    id: 'pagerduty',
    isConfigured: (config) => Boolean(config.pagerduty),
    async plan(ctx) {
      const client = clientFor(ctx);
      const services = await syncServices(ctx.db, client, ctx.config.pagerduty!.serviceIds, ctx.log);
      ctx.report('services', { rows: services, restCalls: client.spent.restCalls });
      return [{ scope: 'incidents', input: {} }];
    },
    async runPart(ctx) {
      const config = ctx.config.pagerduty!;
      const client = clientFor(ctx);
      const progress = { rows: 0 };
      let incidents: number;
      ctx.onStream?.('incidents', 'incidents');
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
        if (!ctx.signal?.aborted)
          await recordStreamError(ctx.db, INCIDENTS_STREAM, message, ctx.now).catch(() => undefined);
        ctx.report('incidents', { rows: progress.rows, restCalls: client.spent.restCalls, error: message });
        throw error;
      }
      ctx.report('incidents', { rows: incidents, restCalls: client.spent.restCalls });
      // Every selected service's incidents were read back to the backfill's start on its first pass.
      const backfillFrom = new Date(ctx.now.getTime() - config.backfillDays * DAY_MS);
      const selected = config.serviceIds.length > 0 ? config.serviceIds : 'all';
      await recordHistoryFrom(ctx.db, 'pagerduty_services', selected, backfillFrom, { full: ctx.full });
      ctx.log.info(`pagerduty: ${incidents} incident rows, ${client.spent.restCalls} REST calls`);
    },
    async refresh(ctx, incidentId) {
      const client = clientFor(ctx);
      const rows = await refreshIncident(ctx.db, client, incidentId, {
        serviceIds: ctx.config.pagerduty!.serviceIds,
        now: ctx.now,
        log: ctx.log,
      });
      ctx.report(`incident ${incidentId}`, { rows, restCalls: client.spent.restCalls });
    },
    // The incidents part writes the same rows: a re-read waits for it rather than race it.
    partScopeOf: () => 'incidents',
  };
}

export const pagerdutySource: Source = createPagerdutySource();
