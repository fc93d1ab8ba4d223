/**
 * Where an admin action asks for an admin API token (no admin session): a password field whose
 * value lives only in the form's state and the one request it is sent with.
 */
export function AdminTokenField({ id, value, onChange }: { id: string; value: string; onChange: (v: string) => void }) {
  return (
    <>
      <label htmlFor={id}>Admin token</label>
      <input id={id} type="password" autoComplete="off" value={value} onChange={(e) => onChange(e.target.value)} />
    </>
  );
}

/** An admin form's outcome, read out as it changes. */
export function FormStatus({
  message,
  testId,
}: {
  message: { tone: 'ok' | 'error'; text: string } | null;
  testId?: string;
}) {
  return (
    <p
      role="status"
      aria-live="polite"
      className={message?.tone === 'error' ? 'change-worse small' : 'small'}
      data-testid={testId}
    >
      {message?.text ?? ''}
    </p>
  );
}
