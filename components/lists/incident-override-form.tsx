'use client';

import { useState } from 'react';
import type { OverrideSubmission } from '@/metrics/incident-overrides';
import { AdminTokenField, FormStatus } from '../admin/admin-token-field';

/**
 * Correct one incident's attribution: "not caused by a change", attached to another deployment,
 * or back to the rule. Admins only; without an admin session, an admin API token is typed here
 * and sent once (never stored).
 */
export function IncidentOverrideForm({
  incident,
  hasOverride,
  askToken,
  pending,
  message,
  onSubmit,
}: {
  incident: string;
  hasOverride: boolean;
  askToken: boolean;
  pending: boolean;
  message: { tone: 'ok' | 'error'; text: string } | null;
  onSubmit: (submission: OverrideSubmission) => void;
}) {
  const [action, setAction] = useState<OverrideSubmission['action']>('not_caused_by_change');
  const [deploymentId, setDeploymentId] = useState('');
  const [reason, setReason] = useState('');
  const [token, setToken] = useState('');
  const id = (name: string) => `override-${incident}-${name}`;
  return (
    <details className="override-form">
      <summary>Correct</summary>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit({ action, deploymentId, reason, token });
          setToken('');
        }}
      >
        <label htmlFor={id('action')}>Correction</label>
        <select id={id('action')} value={action} onChange={(e) => setAction(e.target.value as typeof action)}>
          <option value="not_caused_by_change">Not caused by a change</option>
          <option value="attach">Caused by another deployment</option>
          {hasOverride ? <option value="remove">Remove the correction</option> : null}
        </select>
        {action === 'attach' ? (
          <>
            <label htmlFor={id('deployment')}>Deployment id</label>
            <input id={id('deployment')} value={deploymentId} onChange={(e) => setDeploymentId(e.target.value)} />
          </>
        ) : null}
        {action === 'remove' ? null : (
          <>
            <label htmlFor={id('reason')}>Why</label>
            <input id={id('reason')} value={reason} maxLength={1000} onChange={(e) => setReason(e.target.value)} />
          </>
        )}
        {askToken ? <AdminTokenField id={id('token')} value={token} onChange={setToken} /> : null}
        <button type="submit" className="button" disabled={pending}>
          {pending ? 'Saving…' : 'Save'}
        </button>
        <FormStatus message={message} />
      </form>
    </details>
  );
}
