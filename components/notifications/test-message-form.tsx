'use client';

import { useState } from 'react';
import { AdminTokenField, FormStatus } from '../admin/admin-token-field';

/**
 * "Send a test message": queues this period's digest, marked as a test, for the scope's channels.
 * Without an admin session (Paved running open), an admin API token is typed here and sent once.
 */
export function TestMessageForm({
  askToken,
  pending,
  message,
  onSubmit,
}: {
  askToken: boolean;
  pending: boolean;
  message: { tone: 'ok' | 'error'; text: string } | null;
  onSubmit: (token: string) => void;
}) {
  const [token, setToken] = useState('');
  return (
    <form
      className="inline-form"
      data-testid="test-message-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(token);
        setToken('');
      }}
    >
      {askToken ? <AdminTokenField id="test-message-token" value={token} onChange={setToken} /> : null}
      <button type="submit" className="button" disabled={pending}>
        {pending ? 'Queuing…' : 'Send a test message'}
      </button>
      <FormStatus message={message} />
    </form>
  );
}
