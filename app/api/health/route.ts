import { NextResponse } from 'next/server';

export const dynamic = 'force-dynamic';

/** Liveness: the process is up. It never touches the database. */
export function GET() {
  return NextResponse.json({ status: 'ok' });
}
