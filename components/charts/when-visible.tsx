'use client';

import { useEffect, useRef, useState, type ReactNode } from 'react';
import { onPrint } from '../common/on-print';

/**
 * Renders `children` once the placeholder scrolls near the viewport, so charts below the fold do
 * no work while the page becomes interactive; and, since a printout or a full-page capture never
 * scrolls, once the page is idle after that, or at once when it is printed (or where
 * IntersectionObserver is missing).
 */
export function WhenVisible({
  children,
  placeholder,
  margin = '200px',
}: {
  children: ReactNode;
  placeholder: ReactNode;
  margin?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [visible, setVisible] = useState(false);
  useEffect(() => {
    const node = ref.current;
    const show = () => setVisible(true);
    if (!node || typeof IntersectionObserver === 'undefined') return show();
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          show();
          observer.disconnect();
        }
      },
      { rootMargin: margin },
    );
    observer.observe(node);
    // Closures, not the bare functions: cancelIdleCallback and clearTimeout called as another
    // object's method throw "Illegal invocation" (which broke every page that unmounted a chart).
    let cancelIdle: () => void;
    if (typeof requestIdleCallback === 'function') {
      const id = requestIdleCallback(show, { timeout: 4000 });
      cancelIdle = () => cancelIdleCallback(id);
    } else {
      const id = window.setTimeout(show, 2000);
      cancelIdle = () => window.clearTimeout(id);
    }
    const stopPrint = onPrint(show);
    return () => {
      observer.disconnect();
      cancelIdle();
      stopPrint();
    };
  }, [margin]);
  return <div ref={ref}>{visible ? children : placeholder}</div>;
}
