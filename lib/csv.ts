/**
 * Rows of flat JSON as RFC 4180 CSV; arrays are joined with ";", objects (in arrays too) written as JSON.
 * Text that a spreadsheet would read as a formula (it begins with `=`, `+`, `-`, `@`, a tab or
 * a carriage return: OWASP's "CSV injection") is prefixed with `'`, so an incident titled
 * `=HYPERLINK(…)` stays text. Numbers are written as they are: a number is never a formula.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  const text = Array.isArray(value)
    ? value.map((v) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v))).join(';')
    : typeof value === 'object'
      ? JSON.stringify(value)
      : String(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The header line, with the line end. */
export function csvHeader(columns: readonly string[]): string {
  return `${columns.map(csvCell).join(',')}\r\n`;
}

/** One row's line in the order of `columns`, with the line end. */
export function csvRow(columns: readonly string[], row: Record<string, unknown>): string {
  return `${columns.map((c) => csvCell(row[c])).join(',')}\r\n`;
}

/** A whole list as CSV; the first row's keys are the columns. Empty for no rows. */
export function toCsv(rows: readonly Record<string, unknown>[]): string {
  if (rows.length === 0) return '';
  const columns = Object.keys(rows[0]!);
  return csvHeader(columns) + rows.map((row) => csvRow(columns, row)).join('');
}

/**
 * Pages of rows as one CSV stream: the header from the first row, then every row of every
 * page, each page read only when the client has taken the one before.
 */
export function csvStream(pages: AsyncIterator<readonly Record<string, unknown>[]>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let columns: string[] | null = null;
  return new ReadableStream<Uint8Array>({
    // Each pull enqueues something or closes: a pull that does neither would leave the reader waiting.
    async pull(controller) {
      for (;;) {
        const next = await pages.next();
        if (next.done) return controller.close();
        if (next.value.length === 0) continue;
        let text = '';
        if (!columns) {
          columns = Object.keys(next.value[0]!);
          text = csvHeader(columns);
        }
        for (const row of next.value) text += csvRow(columns, row);
        return controller.enqueue(encoder.encode(text));
      }
    },
    async cancel() {
      await pages.return?.();
    },
  });
}
