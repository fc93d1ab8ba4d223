import 'server-only';
import { NextResponse } from 'next/server';
import { toCsv } from '@/lib/csv';
import { badRequest } from '@/lib/http';
import { decodeCursor, encodeCursor } from '@/lib/params';

/** A list page as JSON (`{ items, nextCursor }`) or, with `format=csv`, as CSV. */
export function listResponse(
  page: { items: Record<string, unknown>[]; next: (string | number)[] | null },
  format: 'json' | 'csv',
  name: string,
) {
  const nextCursor = page.next ? encodeCursor(page.next) : null;
  if (format === 'csv') {
    return new NextResponse(toCsv(page.items), {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${name}.csv"`,
        ...(nextCursor ? { 'x-next-cursor': nextCursor } : {}),
      },
    });
  }
  return NextResponse.json({ items: page.items, nextCursor });
}

/** The keyset position of a cursor parameter, or a 400 for one that was not issued by Paved. */
export function cursorOrError(
  cursor: string | undefined,
): { ok: true; after: (string | number)[] | null } | { ok: false; response: NextResponse } {
  if (!cursor) return { ok: true, after: null };
  const after = decodeCursor(cursor);
  return after
    ? { ok: true, after }
    : { ok: false, response: badRequest('cursor: not a cursor returned by this endpoint') };
}
