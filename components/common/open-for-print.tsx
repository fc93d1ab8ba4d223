'use client';

import { useEffect } from 'react';
import { onPrint } from './on-print';

/** Opens every `details[data-print-open]` when the page prints: a report shows each comparison, not only the first few. */
export function OpenForPrint() {
  useEffect(
    () =>
      onPrint(() => {
        for (const d of document.querySelectorAll<HTMLDetailsElement>('details[data-print-open]')) d.open = true;
      }),
    [],
  );
  return null;
}
