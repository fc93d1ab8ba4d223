/** Text for a CSS string: quotes and backslashes escaped, and no `<` that could close the style element. */
const cssString = (text: string) =>
  `"${text.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\n\r<>]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}"`;

/**
 * What a printed report carries on every page (CSS page-margin boxes, Chromium 131+): what it is
 * and for whom, the period, the benchmark the levels come from, and the page number; and the same
 * once at the top of the first page, for printers that leave margins out. Screen: nothing.
 */
export function PrintHead({
  title,
  scope,
  period,
  benchmark,
}: {
  title: string;
  scope: string;
  period: string;
  benchmark: string;
}) {
  const margin = (box: string, content: string) =>
    `@${box} { content: ${content}; font: 8pt system-ui, sans-serif; color: #444; }`;
  const page = [
    margin('top-left', cssString(`Paved · ${title} · ${scope}`)),
    margin('top-right', cssString(period)),
    margin('bottom-left', cssString(`Levels: DORA benchmark ${benchmark}`)),
    margin('bottom-right', `"Page " counter(page) " of " counter(pages)`),
  ].join(' ');
  return (
    <>
      <style>{`@media print { @page { size: A4; margin: 16mm 12mm 14mm; ${page} } }`}</style>
      <p className="print-only print-head" data-testid="print-head">
        <strong>
          {title} · {scope}
        </strong>{' '}
        · <span data-testid="print-period">{period}</span> · Levels: DORA benchmark{' '}
        <span data-testid="print-benchmark">{benchmark}</span>
      </p>
    </>
  );
}
