'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

/** Main navigation; marks the current section for assistive technology too. */
export function NavLinks({ items }: { items: readonly { href: string; label: string }[] }) {
  const pathname = usePathname();
  const current = (href: string) => (href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`));
  return (
    <nav className="nav" aria-label="Main">
      {items.map((item) => (
        <Link key={item.href} href={item.href} aria-current={current(item.href) ? 'page' : undefined}>
          {item.label}
        </Link>
      ))}
    </nav>
  );
}
