import { countOf } from '../common/format';
import Link from 'next/link';

export interface LevelService {
  slug: string;
  name: string;
  team: string | null;
  score: number | null;
  nextLevel: string | null;
  blocking: readonly string[];
}

/** The services behind one count of a level distribution, with what keeps each from the next level. */
export function LevelServices({
  levelName,
  scopeName,
  services,
  checkNames,
  closeHref,
}: {
  levelName: string;
  scopeName: string;
  services: LevelService[];
  checkNames: Record<string, string>;
  closeHref: string;
}) {
  return (
    <section
      className="panel"
      id="level-services"
      aria-labelledby="level-services-heading"
      data-testid="level-services"
    >
      <div className="section-head">
        <h2 id="level-services-heading">
          {levelName} · {scopeName}: {countOf(services.length, 'service')}
        </h2>
        <Link href={closeHref}>Close</Link>
      </div>
      <ul className="failing-list">
        {services.map((s) => (
          <li key={s.slug} data-service={s.slug}>
            <Link href={`/services/${s.slug}#scorecards`}>{s.name}</Link>{' '}
            <span className="muted small">
              {s.score === null ? 'not scored' : `score ${Math.round(s.score * 100)}%`}
              {s.nextLevel ? ` · for ${s.nextLevel}: ${s.blocking.map((b) => checkNames[b] ?? b).join(', ')}` : ''}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
