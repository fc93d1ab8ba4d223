import { formatDay } from '../../lib/format';
import { describeFigure } from '../../metrics/thresholds';
import { formatChange, formatFigure, formatLevel } from '../figures';
import type { DigestInitiative, DigestMessage, DigestTarget, Message, Scope } from '../message';

/**
 * The words of a message, shared by every channel: each renderer lays these out in its own
 * format (Block Kit, an Adaptive Card, an email's HTML and text), so all say the same.
 */
export function titleOf(message: Message, test = false): string {
  const prefix = test ? '[Test] ' : '';
  if (message.type === 'alert') return `${prefix}${message.title}`;
  const { period } = message;
  return `${prefix}Delivery digest: ${message.scope.name}, ${formatDay(period.fromDay)} – ${formatDay(period.toDay)}`;
}

export interface MetricRow {
  name: string;
  value: string;
  level: string;
  change: string;
  previous: string;
}

export function metricRows(message: DigestMessage): MetricRow[] {
  return message.metrics.map((m) => ({
    name: m.name,
    value: formatFigure(m.metric, m.value),
    level: formatLevel(m),
    change: formatChange(m),
    previous: formatFigure(m.metric, m.previous),
  }));
}

const TARGET_WORDS: Record<DigestTarget['status'], string> = {
  on_track: 'on track',
  off_track: 'off track',
  not_enough_data: 'not enough data to judge',
};

/**
 * A target as a digest line: whose, the goal, on or off track with the figure judged (the one
 * GET /api/v1/targets answers, in the words reasons use) and the due day.
 * @example targetLine(t) // → "Payments: change failure rate ≤ 10%: off track at 14% (due 30 Sep 2026, past due)"
 */
export function targetLine(t: DigestTarget, digestScope: Scope): string {
  const owner =
    t.scope.type === 'organisation'
      ? 'The organisation'
      : t.scope.type === 'team' && t.scope.slug === digestScope.team
        ? digestScope.name
        : `${t.scope.type === 'team' ? 'Team' : 'Service'} ${t.scope.slug}`;
  const figure = t.actual === null ? '' : ` at ${describeFigure(t.metric, t.actual)}`;
  const due = t.due ? ` (due ${formatDay(t.due)}${t.overdue ? ', past due' : ''})` : '';
  return `${owner}: ${t.goal}: ${TARGET_WORDS[t.status]}${figure}${due}`;
}

const INITIATIVE_WORDS: Record<DigestInitiative['status'], string> = {
  done: 'done',
  on_track: 'on track',
  projected_late: 'behind',
  late: 'late',
  no_pace: 'no pace yet',
};

/**
 * An initiative as a digest line. A team's: its status and count, the deadline (and when it would
 * end at its pace, if after), then what each service has left. The organisation's: the count and
 * the teams late or behind.
 * @example initiativeLine(i, true) // → "Dependency hygiene: late, deadline 29 May 2026 (8 of 10 done); left: Pricing (Vulnerability alerts on)"
 */
export function initiativeLine(i: DigestInitiative, team: boolean): string {
  const count = `${i.done} of ${i.total} done`;
  if (!team) {
    const teams = i.teamsBehind.map((b) => `${b.team} (${INITIATIVE_WORDS[b.status]}, ${b.left} left)`).join(', ');
    return `${i.title} (deadline ${formatDay(i.deadline)}, ${count}): ${teams}`;
  }
  const projected =
    i.status === 'projected_late' && i.projectedDone ? `, at this pace done ${formatDay(i.projectedDone)}` : '';
  // A chat section holds 3,000 characters: the first services, then how many more.
  const shown = i.left.slice(0, 5).map((l) => `${l.service} (${l.checks.join(', ')})`);
  const left = shown.join('; ') + (i.left.length > 5 ? `; and ${i.left.length - 5} more services` : '');
  return `${i.title}: ${INITIATIVE_WORDS[i.status]}, deadline ${formatDay(i.deadline)}${projected} (${count}); left: ${left}`;
}

export function periodLine(message: DigestMessage): string {
  return `${message.period.days} days to ${formatDay(message.period.toDay)}, against the ${message.period.days} days before (${formatDay(message.previous.fromDay)} – ${formatDay(message.previous.toDay)}).`;
}

/** Lines a section lists before "and N more": chat messages have size limits (Slack 50 blocks, Teams ~28 KB). */
const MAX_LINES = 15;

const capped = (lines: string[]) =>
  lines.length > MAX_LINES ? [...lines.slice(0, MAX_LINES), `… and ${lines.length - MAX_LINES} more in Paved`] : lines;

/** The digest's sections after the metrics, as headed lists of plain lines. */
export function digestSections(message: DigestMessage): { heading: string; lines: string[]; empty: string }[] {
  // No targets section when none applies: most organisations set a few, on some teams only.
  const targets = message.targets?.length
    ? [
        {
          heading: `Targets: ${message.targets.filter((t) => t.status === 'on_track').length} of ${message.targets.length} on track`,
          lines: message.targets.map((t) => targetLine(t, message.scope)),
          empty: '',
        },
      ]
    : [];
  // Reminders of initiatives only where there is something to do: a team's open ones, the organisation's with teams behind.
  const team = message.scope.team !== null;
  const initiatives = message.initiatives?.length
    ? [
        {
          heading: team
            ? `Initiatives: ${message.initiatives.filter((i) => i.status === 'late' || i.status === 'projected_late').length} of ${message.initiatives.length} open ones late or behind`
            : 'Initiatives with teams late or behind',
          lines: message.initiatives.map((i) => initiativeLine(i, team)),
          empty: '',
        },
      ]
    : [];
  const card = message.scorecard?.name ?? 'Scorecard';
  const sections = [
    {
      heading: `${card}: level changes`,
      lines:
        message.levelChanges?.map(
          (c) =>
            `${c.serviceName}: ${c.from ?? 'no level'} → ${c.to ?? 'no level'} (${c.direction === 'up' ? 'up' : 'down'})`,
        ) ?? [],
      empty:
        message.levelChanges === null
          ? 'No scorecard history from the start of the period to compare with.'
          : 'No service changed level.',
    },
    {
      heading: `${card}: checks that newly fail`,
      lines: message.newlyFailing?.map((f) => `${f.serviceName}: ${f.checkName} (${f.reason})`) ?? [],
      empty:
        message.newlyFailing === null
          ? 'No scorecard history from the start of the period to compare with.'
          : 'No check that passed now fails.',
    },
  ];
  if (message.scope.team !== null) {
    sections.push({
      heading: 'What to fix next',
      lines: message.fixes.map((f) => `${f.name} (${f.level}): ${f.services.join(', ')}`),
      empty: 'Nothing: every check passes or is exempt.',
    });
  }
  return [...targets, ...initiatives, ...(message.scorecard ? sections : [])].map((s) => ({
    ...s,
    lines: capped(s.lines),
  }));
}

/** The whole message as plain text: the email's text part, and the fallback text of chat messages. */
export function plainText(message: Message, test = false): string {
  const out = [titleOf(message, test), ''];
  if (message.type === 'alert') {
    out.push(message.detail, '', message.link);
    return out.join('\n');
  }
  out.push(periodLine(message), '');
  for (const row of metricRows(message)) {
    out.push(`${row.name}: ${row.value} (level: ${row.level}; ${row.change}; before: ${row.previous})`);
  }
  for (const section of digestSections(message)) {
    out.push('', section.heading);
    out.push(...(section.lines.length ? section.lines.map((l) => `- ${l}`) : [section.empty]));
  }
  out.push('', `Open the dashboard: ${message.links.dashboard}`);
  return out.join('\n');
}
