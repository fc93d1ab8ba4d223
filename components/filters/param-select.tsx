'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useTransition } from 'react';

/**
 * A select that sets one search parameter and keeps every other one (window, team, the other
 * selects), so a filter only a page has (the roadmap's tier and level) lives in its URL too.
 */
export function ParamSelect({
  name,
  label,
  value,
  options,
  allLabel,
}: {
  name: string;
  label: string;
  value: string | null;
  options: readonly { value: string; label: string }[];
  allLabel: string;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const [pending, startTransition] = useTransition();
  const id = `${name}-filter`;
  return (
    <span className="team-select" data-pending={pending || undefined}>
      <label htmlFor={id}>{label}</label>{' '}
      <select
        id={id}
        value={value ?? ''}
        onChange={(e) => {
          const next = new URLSearchParams(search);
          if (e.target.value) next.set(name, e.target.value);
          else next.delete(name);
          startTransition(() => router.push(next.size ? `${pathname}?${next}` : pathname, { scroll: false }));
        }}
      >
        <option value="">{allLabel}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </span>
  );
}
