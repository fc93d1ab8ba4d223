'use client';

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <section className="panel" role="alert">
      <h2>This page could not load</h2>
      <p className="muted">
        {error.digest ? `Reference ${error.digest}. ` : ''}Check that the database is reachable (GET /api/ready), then
        try again.
      </p>
      <button type="button" onClick={reset}>
        Try again
      </button>
    </section>
  );
}
