import { revokeApiToken } from '@/access/api-tokens';
import { authorize } from '@/app/_server/authorize';
import { getServerContext } from '@/app/_server/context';
import { badRequest, notFound } from '@/lib/http';
import { positiveId } from '@/lib/params';

export const dynamic = 'force-dynamic';

/** DELETE /api/v1/tokens/{id} — revoke a token at once; 204, or 404 when no live token has that id. Admin. */
export async function DELETE(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const access = await authorize(request, 'admin');
  if (!access.ok) return access.response;
  const parsed = positiveId.safeParse((await params).id);
  if (!parsed.success) return badRequest('id: expected a positive integer token id');
  const { db } = await getServerContext();
  if (!(await revokeApiToken(db, parsed.data, access.principal.actor))) {
    return notFound(`no live token ${parsed.data}`);
  }
  return new Response(null, { status: 204 });
}
