'use client';

import dynamic from 'next/dynamic';
import { LoadingState } from '@/components/common/states';
import type { InitiativeSeries } from '@/components/charts/initiative-chart';

const Chart = dynamic(() => import('@/components/charts/initiative-chart').then((m) => m.InitiativeChart), {
  ssr: false,
  loading: () => <LoadingState label="Loading chart" height={240} />,
});

/** The progress chart leaf (Recharts needs the browser). */
export function InitiativeProgressChart({ overall, teams }: { overall: InitiativeSeries; teams: InitiativeSeries[] }) {
  return <Chart overall={overall} teams={teams} />;
}
