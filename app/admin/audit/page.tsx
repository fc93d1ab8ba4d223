import { listAudit } from '@/access/audit-log';
import { AdminOnly } from '@/components/admin/admin-only';
import { PageHeader } from '@/components/common/page-header';
import { positiveId } from '@/lib/params';
import { getServerContext } from '../../_server/context';
import { currentPrincipal } from '../../_server/current-principal';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Audit log' };

const PAGE_SIZE = 100;

/** /admin/audit — sign-ins, token creation and revocation, sync-now requests: who, what, when. Admins only. */
export default async function AuditPage({ searchParams }: { searchParams: Promise<{ before?: string }> }) {
  const principal = await currentPrincipal();
  const before = positiveId.safeParse((await searchParams).before);
  const { db } = await getServerContext();
  const entries =
    principal?.role === 'admin'
      ? await listAudit(db, { limit: PAGE_SIZE, beforeId: before.success ? before.data : undefined })
      : [];
  return (
    <>
      <PageHeader title="Audit log" subtitle="Sign-ins, API tokens and sync requests, newest first." />
      <AdminOnly role={principal?.role ?? null}>
        <div className="table-wrap">
          <table className="table" data-testid="audit-log">
            <caption className="muted small">{entries.length === 0 ? 'Nothing recorded yet.' : null}</caption>
            <thead>
              <tr>
                <th scope="col">When (UTC)</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <td>
                    <time dateTime={entry.at}>{entry.at.slice(0, 19).replace('T', ' ')}</time>
                  </td>
                  <td>{entry.actor}</td>
                  <td>{entry.action}</td>
                  <td className="small">
                    <code>{JSON.stringify(entry.detail)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {entries.length === PAGE_SIZE ? (
          <p>
            <a href={`/admin/audit?before=${entries.at(-1)!.id}`}>Older entries</a>
          </p>
        ) : null}
      </AdminOnly>
    </>
  );
}
