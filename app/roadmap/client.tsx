'use client';

import dynamic from 'next/dynamic';
import { LoadingState } from '@/components/common/states';
import type { BeforeAfterRow } from '@/components/charts/before-after-chart';

const Chart = dynamic(() => import('@/components/charts/before-after-chart').then((m) => m.BeforeAfterChart), {
  ssr: false,
  loading: () => <LoadingState label="Loading chart" height={200} />,
});

/** The before/after chart leaf (Recharts needs the browser). */
export function BeforeAfter({ rows }: { rows: BeforeAfterRow[] }) {
  return <Chart rows={rows} />;
}
