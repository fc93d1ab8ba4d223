/** Display formatting shared by every view, digest and alert; null (no samples) always reads "—". */
const HOUR = 3600;
const DAY = 24 * HOUR;

export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < HOUR) return `${Math.round(seconds / 60)} min`;
  if (seconds < DAY) return `${(seconds / HOUR).toFixed(1)} h`;
  return `${(seconds / DAY).toFixed(1)} d`;
}

export function formatPercent(ratio: number | null | undefined, digits = 1): string {
  if (ratio === null || ratio === undefined) return '—';
  return `${(ratio * 100).toFixed(digits)}%`;
}

// One formatter per option set, made once: toLocaleString builds a new Intl formatter on every
// call, which was a few milliseconds of every page of a thousand figures.
const numberFormats = new Map<number, Intl.NumberFormat>();
const numberFormat = (digits: number) => {
  let format = numberFormats.get(digits);
  if (!format) {
    format = new Intl.NumberFormat('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
    numberFormats.set(digits, format);
  }
  return format;
};
const dayFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});
const shortDayFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });

// As toLocaleDateString, which reads an unparseable date as "Invalid Date" where format throws.
const formatDate = (format: Intl.DateTimeFormat, iso: string) => {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? 'Invalid Date' : format.format(date);
};

export function formatNumber(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined) return '—';
  return numberFormat(digits).format(value);
}

export function formatInstant(iso: string | null | undefined): string {
  return iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '—';
}

/** "5 Jun 2026": a day in a sentence. */
export function formatDay(iso: string): string {
  return formatDate(dayFormat, iso);
}

/** "12 May" for chart axes. */
export function formatShortDay(iso: string): string {
  return formatDate(shortDayFormat, iso);
}

/** "1 service", "3 services", with thousands separators: counts in sentences. */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${formatNumber(n)} ${n === 1 ? singular : plural}`;
}
