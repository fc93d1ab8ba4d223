import type { ReactNode } from 'react';

/** An admin page's body, or a plain refusal for anyone else (proxy.ts refuses them first; this is the second check). */
export function AdminOnly({ role, children }: { role: 'viewer' | 'admin' | null; children: ReactNode }) {
  if (role === 'admin') return <>{children}</>;
  return (
    <p className="panel" role="alert">
      This page is for admins.
    </p>
  );
}
