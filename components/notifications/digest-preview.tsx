import type { MetricRow } from '@/notifications/render/lines';

/**
 * What a digest says, laid out for the page: the same rows and lines every channel renders
 * (notifications/render/lines.ts), so the preview reads as the message will.
 */
export function DigestPreview({
  period,
  rows,
  sections,
  link,
}: {
  period: string;
  rows: readonly MetricRow[];
  sections: readonly { heading: string; lines: string[]; empty: string }[];
  link: string;
}) {
  return (
    <div data-testid="digest-preview">
      <p className="muted">{period}</p>
      <div className="table-wrap">
        <table className="table" data-testid="digest-metrics">
          <thead>
            <tr>
              <th scope="col">Metric</th>
              <th scope="col" className="num">
                This period
              </th>
              <th scope="col">Level</th>
              <th scope="col">Change</th>
              <th scope="col" className="num">
                Before
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.name}>
                <th scope="row">{r.name}</th>
                <td className="num">{r.value}</td>
                <td>{r.level}</td>
                <td>{r.change}</td>
                <td className="num">{r.previous}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {sections.map((s) => (
        <section key={s.heading} className="section" data-testid="digest-section">
          <h2 className="section-title">{s.heading}</h2>
          {s.lines.length ? (
            <ul>
              {s.lines.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          ) : (
            <p className="muted small">{s.empty}</p>
          )}
        </section>
      ))}
      <p className="small">
        The message links to <code>{link}</code>.
      </p>
    </div>
  );
}
