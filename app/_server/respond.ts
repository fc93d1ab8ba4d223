import 'server-only';
import { NextResponse } from 'next/server';
import { csvStream, toCsv } from '@/lib/csv';
import { badRequest } from '@/lib/http';
import { decodeCursor, encodeCursor } from '@/lib/params';

type Position = (string | number)[];
type ListPage = { items: Record<string, unknown>[]; next: Position | null };

function csvResponse(body: string | ReadableStream<Uint8Array>, name: string) {
  return new NextResponse(body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${name}.csv"`,
    },
  });
}

/** A whole list (no paging) as JSON (`{ items, nextCursor: null }`) or, with `format=csv`, as CSV. */
export function listResponse(page: ListPage, format: 'json' | 'csv', name: string) {
  if (format === 'csv') return csvResponse(toCsv(page.items), name);
  return NextResponse.json({ items: page.items, nextCursor: page.next ? encodeCursor(page.next) : null });
}

/** Rows per query while exporting: few queries, and little held in memory at once. */
const EXPORT_BATCH = 1000;

async function* everyPage(
  read: (page: { limit: number; after: Position | null }) => Promise<ListPage>,
  after: Position | null,
) {
  let position = after;
  do {
    const page = await read({ limit: EXPORT_BATCH, after: position });
    yield page.items;
    position = page.next;
  } while (position);
}

/**
 * A paged list endpoint's answer: one page as JSON (`{ items, nextCursor }`), or with
 * `format=csv` every row from the cursor on, streamed a batch at a time (`limit` does not
 * apply: an export is never cut short).
 */
export async function listOrExport(
  list: { data: { limit: number; format: 'json' | 'csv' }; after: Position | null },
  name: string,
  read: (page: { limit: number; after: Position | null }) => Promise<ListPage>,
) {
  if (list.data.format === 'csv') return csvResponse(csvStream(everyPage(read, list.after)), name);
  return listResponse(await read({ limit: list.data.limit, after: list.after }), 'json', name);
}

/** The keyset position of a cursor parameter, or a 400 for one that was not issued by Paved. */
export function cursorOrError(
  cursor: string | undefined,
): { ok: true; after: Position | null } | { ok: false; response: NextResponse } {
  if (!cursor) return { ok: true, after: null };
  const after = decodeCursor(cursor);
  return after
    ? { ok: true, after }
    : { ok: false, response: badRequest('cursor: not a cursor returned by this endpoint') };
}
