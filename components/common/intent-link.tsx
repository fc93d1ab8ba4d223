'use client';

import Link from 'next/link';
import { useState, type ComponentProps } from 'react';

/**
 * A `<Link>` that prefetches when the user shows intent (pointer over it, keyboard focus, a
 * touch) instead of as soon as it is on screen: the navigation is still prefetched before the
 * click, and loading a page does not send the server a burst of prefetch requests (one or two
 * dynamic renders per visible link) while the page is becoming interactive.
 */
export function IntentLink({
  onMouseEnter,
  onFocus,
  onTouchStart,
  ...props
}: Omit<ComponentProps<typeof Link>, 'prefetch'>) {
  const [intent, setIntent] = useState(false);
  return (
    <Link
      {...props}
      prefetch={intent ? null : false}
      onMouseEnter={(e) => (setIntent(true), onMouseEnter?.(e))}
      onFocus={(e) => (setIntent(true), onFocus?.(e))}
      onTouchStart={(e) => (setIntent(true), onTouchStart?.(e))}
    />
  );
}
