import type { ReactNode } from 'react';
import type { LevelBand } from './level-bands';

/**
 * A chart's frame: title, level legend in words, the drawing (a client leaf, passed in),
 * and the same numbers as a table for screen readers and anyone who prefers them.
 */
export function TrendFigure({
  title,
  bands,
  rows,
  valueHeader,
  notes = [],
  children,
}: {
  title: string;
  bands: LevelBand[];
  rows: { label: string; value: string }[];
  valueHeader: string;
  /** Targets on this metric, in words. */
  notes?: string[];
  children: ReactNode;
}) {
  return (
    <figure className="panel chart-figure">
      <figcaption>
        <h3>{title}</h3>
        {bands.length ? (
          <ul className="band-legend" aria-label="Level bands">
            {bands.map((b) => (
              <li key={b.level}>
                <span className={`swatch swatch-${b.level}`} aria-hidden="true" />
                {b.label}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted small">No DORA level is defined for this metric.</p>
        )}
        {notes.map((n) => (
          <p key={n} className="small target-note" data-testid="chart-target">
            {n}
          </p>
        ))}
      </figcaption>
      {children}
      <details className="chart-data">
        <summary>Data table</summary>
        <table className="table compact">
          <thead>
            <tr>
              <th scope="col">Week from</th>
              <th scope="col">{valueHeader}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.label}>
                <td>{r.label}</td>
                <td className="num">{r.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
