'use client';

import { usePathname } from 'next/navigation';
import { IntentLink } from './intent-link';

/** Main navigation; marks the current section for assistive technology too. Prefetches on intent. */
export function NavLinks({ items }: { items: readonly { href: string; label: string }[] }) {
  const pathname = usePathname();
  const current = (href: string) =>
    href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
  return (
    <nav className="nav" aria-label="Main">
      {items.map((item) => (
        <IntentLink key={item.href} href={item.href} aria-current={current(item.href) ? 'page' : undefined}>
          {item.label}
        </IntentLink>
      ))}
    </nav>
  );
}
