'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { carry } from '@/lib/filters';
import { IntentLink } from './intent-link';

/**
 * Main navigation; marks the current section for assistive technology too. Prefetches on intent.
 * The chosen range, comparison and team go along: the next view opens at the same window.
 */
export function NavLinks({ items }: { items: readonly { href: string; label: string }[] }) {
  const pathname = usePathname();
  const search = useSearchParams();
  const range = search.get('range');
  const carried = {
    range,
    fromDay: search.get('from'),
    toDay: search.get('to'),
    team: search.get('team'),
    compare: search.get('compare'),
  };
  const current = (href: string) =>
    href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
  return (
    <nav className="nav" aria-label="Main">
      {items.map((item) => (
        <IntentLink
          key={item.href}
          href={carry(item.href, carried)}
          aria-current={current(item.href) ? 'page' : undefined}
        >
          {item.label}
        </IntentLink>
      ))}
    </nav>
  );
}
