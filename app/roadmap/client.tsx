'use client';

import dynamic from 'next/dynamic';
import { LoadingState } from '@/components/common/states';
import type { BeforeAfterRow } from '@/components/charts/before-after-chart';
import { AdoptionHistoryFigure } from '@/components/roadmap/adoption-history';

const Chart = dynamic(() => import('@/components/charts/before-after-chart').then((m) => m.BeforeAfterChart), {
  ssr: false,
  loading: () => <LoadingState label="Loading chart" height={200} />,
});
const Adoption = dynamic(() => import('@/components/charts/adoption-chart').then((m) => m.AdoptionChart), {
  ssr: false,
  loading: () => <LoadingState label="Loading chart" height={160} />,
});

/** The before/after chart leaf (Recharts needs the browser). */
export function BeforeAfter({ rows }: { rows: BeforeAfterRow[] }) {
  return <Chart rows={rows} />;
}

/** A check's adoption over the window, with its table. */
export function AdoptionHistory({
  checkName,
  points,
}: {
  checkName: string;
  points: { day: string; adoption: number | null }[];
}) {
  return (
    <AdoptionHistoryFigure
      checkName={checkName}
      points={points}
      chart={<Adoption title={`Adoption of ${checkName}`} points={points} />}
    />
  );
}
