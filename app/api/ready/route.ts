import { sql } from 'kysely';
import { NextResponse } from 'next/server';
import { getDb } from '@/db/database';
import { migrationsCurrent } from '@/db/migrate';

export const dynamic = 'force-dynamic';

/** Readiness: the database answers and every migration is applied; 503 otherwise. */
export async function GET() {
  try {
    const db = await getDb();
    await sql`select 1`.execute(db);
    const { current, pending } = await migrationsCurrent(db);
    if (!current)
      return NextResponse.json({ status: 'not-ready', reason: 'migrations pending', pending }, { status: 503 });
    return NextResponse.json({ status: 'ready' });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return NextResponse.json(
      { status: 'not-ready', reason: `database unreachable: ${reason.replace(/postgres(ql)?:\/\/[^\s]+/g, '[url]')}` },
      { status: 503 },
    );
  }
}
