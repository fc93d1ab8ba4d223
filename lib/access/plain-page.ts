import { NextResponse } from 'next/server';

/**
 * A minimal HTML answer for the moments outside the app's layout (refused, signed out, a
 * failed sign-in): no scripts, so it needs nothing from the Content-Security-Policy.
 */
export function plainPage(
  status: number,
  title: string,
  message: string,
  link?: { href: string; label: string },
): NextResponse {
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escape(title)} · Paved</title></head><body><main><h1>${escape(title)}</h1><p>${escape(message)}</p>${link ? `<p><a href="${escape(link.href)}">${escape(link.label)}</a></p>` : ''}</main></body></html>`;
  return new NextResponse(body, {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
  });
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
