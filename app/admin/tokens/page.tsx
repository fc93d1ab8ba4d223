import { listApiTokens } from '@/access/api-tokens';
import { AdminOnly } from '@/components/admin/admin-only';
import { PageHeader } from '@/components/common/page-header';
import { getServerContext } from '../../_server/context';
import { currentPrincipal } from '../../_server/current-principal';
import { TokensClient } from './client';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'API tokens' };

/** /admin/tokens — create API tokens (shown once), see their last use, revoke them. Admins only. */
export default async function TokensPage() {
  const principal = await currentPrincipal();
  const { db } = await getServerContext();
  const tokens = principal?.role === 'admin' ? await listApiTokens(db) : [];
  return (
    <>
      <PageHeader
        title="API tokens"
        subtitle="For scripts and other tools: send one as Authorization: Bearer …. A token is shown once, when it is created."
      />
      <AdminOnly role={principal?.role ?? null}>
        <TokensClient initial={tokens} />
      </AdminOnly>
    </>
  );
}
