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
    const idle =
      typeof requestIdleCallback === 'function'
        ? { id: requestIdleCallback(show, { timeout: 4000 }), cancel: cancelIdleCallback }
        : { id: window.setTimeout(show, 2000), cancel: window.clearTimeout };
    const stopPrint = onPrint(show);
    return () => {
      observer.disconnect();
      idle.cancel(idle.id);
      stopPrint();
    };
  }, [margin]);
  return <div ref={ref}>{visible ? children : placeholder}</div>;
}
