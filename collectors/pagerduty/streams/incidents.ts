import type { Db } from '../../../db/database';
import { getCursor, type StreamKey } from '../../../db/writes/sync-state';
import { DAY_MS } from '../../../lib/clock';
import type { PagerdutyConfig } from '../../../lib/config';
import type { Logger } from '../../../lib/logger';
import { PagerdutyError, type PagerdutyClient } from '../client';
import { incidentsPageSchema } from '../schemas';
import { toIncidentRows, writeIncidentPage } from './incident-rows';
import { refreshOpenIncidents } from './open-incidents';

const PAGE_SIZE = 100;
// since/until spans are capped at 6 months; 180 days is shorter than any 6 calendar months.
const MAX_SPAN_MS = 180 * DAY_MS;
const MIN_SPAN_MS = 1_000;
// Aim under the offset cap: incidents are not spread evenly, and a miss costs one more probe.
const TARGET_SHARE_OF_CAP = 0.8;
/**
 * How far before the last synced instant each sync starts again. Incidents still open are
 * re-read anyway; the margin catches late edits (priority, urgency, resolution) to recently
 * created incidents and anything PagerDuty's list showed late.
 */
export const LATE_CHANGE_MARGIN_MS = 7 * DAY_MS;

export const INCIDENTS_STREAM: StreamKey = { source: 'pagerduty', scope: 'account', stream: 'incidents' };

/** A pass over [from, now) in creation-time windows; resumable at any page. */
interface PassState {
  from: string;
  windowStart: string;
  /** null: the next window is not sized yet. */
  windowEnd: string | null;
  offset: number;
  spanMs: number;
}

export interface IncidentsCursor {
  /** Account, services and backfill the cursor belongs to: a new selection starts over. */
  selection: string;
  /** End of the last complete pass (creation time). */
  syncedUntil: string | null;
  pass: PassState | null;
}

export interface IncidentSyncOptions {
  config: Pick<PagerdutyConfig, 'apiUrl' | 'serviceIds' | 'backfillDays'>;
  full: boolean;
  now: Date;
  log: Logger;
  /** Rows committed so far, kept up to date page by page (so a failed run can report them). */
  progress?: { rows: number };
}

const seconds = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

// A longer backfill or another account or service list is a new selection: read it from the start.
function selectionOf(config: IncidentSyncOptions['config']): string {
  return JSON.stringify({
    apiUrl: config.apiUrl.replace(/\/+$/, ''),
    serviceIds: [...config.serviceIds].sort(),
    backfillDays: config.backfillDays,
  });
}

function startPass(cursor: IncidentsCursor | null, options: IncidentSyncOptions): PassState {
  const { config, full, now } = options;
  const backfillFrom = now.getTime() - config.backfillDays * DAY_MS;
  const from =
    !full && cursor?.syncedUntil ? new Date(cursor.syncedUntil).getTime() - LATE_CHANGE_MARGIN_MS : backfillFrom;
  return { from: seconds(from), windowStart: seconds(from), windowEnd: null, offset: 0, spanMs: MAX_SPAN_MS };
}

/**
 * Incidents of the selected services: every incident created since the cursor (less a
 * margin), or the last `backfillDays` on a first or full sync, then every incident still
 * open. Windows are split adaptively by `total` so no query passes offset 10,000.
 */
export async function syncIncidents(db: Db, client: PagerdutyClient, options: IncidentSyncOptions): Promise<number> {
  const selection = selectionOf(options.config);
  const stored = await getCursor<IncidentsCursor>(db, INCIDENTS_STREAM);
  const cursor = stored?.selection === selection ? stored : null;
  const pass = !options.full && cursor?.pass ? cursor.pass : startPass(cursor, options);
  const to = Math.floor(options.now.getTime() / 1000) * 1000;
  const serviceIds = options.config.serviceIds.length > 0 ? options.config.serviceIds : undefined;
  const save = (next: PassState | null, syncedUntil: string | null): IncidentsCursor => ({
    selection,
    syncedUntil,
    pass: next,
  });
  const previousSyncedUntil = cursor?.syncedUntil ?? null;
  const progress = options.progress ?? { rows: 0 };

  const cap = client.offsetCap;
  const target = Math.floor(cap * TARGET_SHARE_OF_CAP);
  let { windowStart, windowEnd, offset, spanMs } = pass;
  let resumed = offset > 0;
  while (new Date(windowStart).getTime() < to) {
    const startMs = new Date(windowStart).getTime();
    const end = windowEnd ?? seconds(Math.min(startMs + spanMs, to));
    const page = await client.getParsed(
      '/incidents',
      {
        since: windowStart,
        until: end,
        time_zone: 'UTC',
        sort_by: 'created_at:asc',
        service_ids: serviceIds,
        limit: PAGE_SIZE,
        offset,
        total: offset === 0 || resumed,
      },
      incidentsPageSchema,
    );
    resumed = false;
    const windowMs = new Date(end).getTime() - startMs;
    if (page.total != null && page.total > cap) {
      if (windowMs <= MIN_SPAN_MS) {
        throw new PagerdutyError(
          `GET /incidents: ${page.total} incidents created within one second from ${windowStart}; more than PagerDuty's offset limit of ${cap} lets a query reach`,
        );
      }
      // Too many to page through: shrink in proportion (at least halve) and ask again.
      spanMs = Math.max(MIN_SPAN_MS, Math.min(Math.floor(windowMs / 2), Math.floor((windowMs * target) / page.total)));
      windowEnd = null;
      offset = 0;
      continue;
    }
    const pageRows = await toIncidentRows(db, client, page.incidents, options.now);
    let next: PassState;
    if (page.more && offset + 2 * PAGE_SIZE <= cap) {
      next = { from: pass.from, windowStart, windowEnd: end, offset: offset + PAGE_SIZE, spanMs };
    } else if (page.more) {
      // The window grew past the cap while being read: read it again in smaller parts.
      next = {
        from: pass.from,
        windowStart,
        windowEnd: null,
        offset: 0,
        spanMs: Math.max(MIN_SPAN_MS, Math.floor(windowMs / 2)),
      };
    } else {
      const total = page.total ?? offset + page.incidents.length;
      const grown = Math.floor((windowMs * target) / Math.max(total, 1));
      next = {
        from: pass.from,
        windowStart: end,
        windowEnd: null,
        offset: 0,
        spanMs: Math.max(MIN_SPAN_MS, Math.min(MAX_SPAN_MS, grown)),
      };
    }
    progress.rows += await writeIncidentPage(
      db,
      INCIDENTS_STREAM,
      pageRows,
      save(next, previousSyncedUntil),
      options.now,
    );
    ({ windowStart, windowEnd, offset, spanMs } = next);
  }

  const done = { from: pass.from, windowStart, windowEnd: null, offset: 0, spanMs };
  await refreshOpenIncidents(db, client, {
    serviceIds: options.config.serviceIds,
    now: options.now,
    log: options.log,
    write: async (pageRows) => {
      const written = await writeIncidentPage(
        db,
        INCIDENTS_STREAM,
        pageRows,
        save(done, previousSyncedUntil),
        options.now,
      );
      progress.rows += written;
      return written;
    },
  });
  await writeIncidentPage(db, INCIDENTS_STREAM, [], save(null, seconds(to)), options.now);
  return progress.rows;
}
