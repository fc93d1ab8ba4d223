import type { Lateness } from '@/scorecards/initiatives/progress';

const LABEL: Record<Lateness, string> = {
  done: 'Done',
  on_track: 'On track',
  projected_late: 'Behind',
  late: 'Late',
  no_pace: 'No pace yet',
};
const TONE: Record<Lateness, string> = {
  done: 'pill pill-good',
  on_track: 'pill pill-good',
  projected_late: 'pill pill-bad',
  late: 'pill pill-bad',
  no_pace: 'pill',
};
const TITLE: Record<Lateness, string> = {
  done: 'Nothing left',
  on_track: 'At the pace of the last 28 days it ends by the deadline',
  projected_late: 'At the pace of the last 28 days it ends after the deadline, or never',
  late: 'Past the deadline with pairs left',
  no_pace: 'Under 7 days of history to measure a pace',
};

/** An initiative's or a team's status in words (colour only reinforces it), with the rule as a tooltip. */
export function InitiativeStatus({ status }: { status: Lateness }) {
  return (
    <span className={TONE[status]} title={TITLE[status]} data-status={status}>
      {LABEL[status]}
    </span>
  );
}

/** Late and behind rows stand out in tables. */
export const isBehind = (status: Lateness) => status === 'late' || status === 'projected_late';
