'use client';

import { useState } from 'react';
import { AdminTokenField, FormStatus } from '../admin/admin-token-field';

/**
 * "Sync now" for admins: the token is typed here, sent once in the request's Authorization
 * header, and cleared; the page never receives it from the server.
 */
export function SyncForm({
  onSync,
  pending,
  message,
}: {
  onSync: (token: string) => void;
  pending: boolean;
  message: { tone: 'ok' | 'error'; text: string } | null;
}) {
  const [token, setToken] = useState('');
  return (
    <form
      className="panel sync-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSync(token);
        setToken('');
      }}
    >
      <h3>Sync now</h3>
      <p className="muted small">
        Collects from every configured source, then recomputes the metrics and scorecards. Needs an admin API token (
        <code>npm run token -- create --name NAME --role admin</code>).
      </p>
      <div className="toolbar">
        <AdminTokenField id="admin-token" value={token} onChange={setToken} />
        <button type="submit" className="button" disabled={pending}>
          {pending ? 'Syncing…' : 'Sync now'}
        </button>
      </div>
      <FormStatus message={message} testId="sync-message" />
    </form>
  );
}
