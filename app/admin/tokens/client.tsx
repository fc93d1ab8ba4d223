'use client';

import { useState } from 'react';
import type { ApiTokenSummary } from '@/access/api-tokens';

type Message = { tone: 'ok' | 'error'; text: string } | null;

async function errorText(response: Response): Promise<string> {
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  return body?.error?.message ?? `failed (${response.status})`;
}

/** Create and revoke tokens through /api/v1/tokens; the new secret is shown here once and never again. */
export function TokensClient({ initial }: { initial: ApiTokenSummary[] }) {
  const [tokens, setTokens] = useState(initial);
  const [created, setCreated] = useState<string | null>(null);
  const [message, setMessage] = useState<Message>(null);

  const create = async (form: HTMLFormElement) => {
    const data = new FormData(form);
    const response = await fetch('/api/v1/tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: data.get('name'), role: data.get('role') }),
    });
    if (!response.ok) return setMessage({ tone: 'error', text: await errorText(response) });
    const { token, ...summary } = (await response.json()) as ApiTokenSummary & { token: string };
    setTokens((list) => [summary, ...list]);
    setCreated(token);
    setMessage({ tone: 'ok', text: `Created "${summary.name}". Copy it now: it will not be shown again.` });
    form.reset();
  };

  const revoke = async (token: ApiTokenSummary) => {
    const response = await fetch(`/api/v1/tokens/${token.id}`, { method: 'DELETE' });
    if (!response.ok) return setMessage({ tone: 'error', text: await errorText(response) });
    setTokens((list) => list.map((t) => (t.id === token.id ? { ...t, revokedAt: new Date().toISOString() } : t)));
    setMessage({ tone: 'ok', text: `Revoked "${token.name}".` });
  };

  return (
    <>
      <form
        className="panel toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          void create(e.currentTarget);
        }}
      >
        <label htmlFor="token-name">Name</label>
        <input id="token-name" name="name" required maxLength={64} pattern="[A-Za-z0-9][A-Za-z0-9 ._\-]*" />
        <label htmlFor="token-role">Role</label>
        <select id="token-role" name="role" defaultValue="viewer">
          <option value="viewer">viewer</option>
          <option value="admin">admin</option>
        </select>
        <button type="submit" className="button">
          Create token
        </button>
      </form>
      <p role="status" aria-live="polite" className={message?.tone === 'error' ? 'change-worse small' : 'small'}>
        {message?.text ?? ''}
      </p>
      {created ? (
        <p className="panel">
          <code data-testid="new-token">{created}</code>
        </p>
      ) : null}
      <div className="table-wrap">
        <table className="table" data-testid="tokens">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Ends in</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((token) => (
              <tr key={token.id}>
                <td>{token.name}</td>
                <td>{token.role}</td>
                <td>
                  <code>…{token.hint}</code>
                </td>
                <td>
                  {token.createdAt.slice(0, 16).replace('T', ' ')} by {token.createdBy}
                </td>
                <td>{token.lastUsedAt ? token.lastUsedAt.slice(0, 16).replace('T', ' ') : 'never'}</td>
                <td>
                  {token.revokedAt ? (
                    'revoked'
                  ) : (
                    <button type="button" className="button secondary" onClick={() => void revoke(token)}>
                      Revoke {token.name}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
