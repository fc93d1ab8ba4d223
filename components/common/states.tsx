import type { ReactNode } from 'react';

/** An empty result, said in words with what to do next. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty" role="status">
      <p className="state-title">{title}</p>
      {children ? <div className="muted">{children}</div> : null}
    </div>
  );
}

/** A failed request: the API's message and a retry. */
export function ErrorState({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <div className="state state-error" role="alert">
      <p className="state-title">Could not load this</p>
      <p className="muted">{message}</p>
      {onRetry ? (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

/** A placeholder of the right size while data loads, announced to screen readers. */
export function LoadingState({ label = 'Loading', height = 120 }: { label?: string; height?: number }) {
  return (
    <div className="state-loading skeleton" style={{ height }} role="status" aria-live="polite">
      <span className="sr-only">{label}…</span>
    </div>
  );
}
