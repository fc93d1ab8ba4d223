import Link from 'next/link';
import type { InitiativeDetail } from '@/scorecards/initiatives/get-initiatives';
import { formatPercent } from '../common/format';
import { InlineMarkdown } from '../common/inline-markdown';
import { CheckState } from '../scorecards/check-state';
import { InitiativeStatus, isBehind } from './initiative-status';

const Done = ({ done, total, rate }: { done: number; total: number; rate: number | null }) => (
  <>
    {formatPercent(rate, 0)}{' '}
    <span className="muted small">
      {done}/{total}
    </span>
  </>
);

/** Each team's progress, status and projected end; late and behind teams stand out. */
export function TeamProgressTable({ teams }: { teams: InitiativeDetail['perTeam'] }) {
  return (
    <div className="table-wrap">
      <table className="table" data-testid="team-progress">
        <thead>
          <tr>
            <th scope="col">Team</th>
            <th scope="col" className="num">
              Pairs done
            </th>
            <th scope="col" className="num">
              Services complete
            </th>
            <th scope="col">Projected end</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {teams.map((t) => (
            <tr key={t.team} data-team={t.team} className={isBehind(t.status) ? 'row-behind' : undefined}>
              <th scope="row">
                <Link href={`/teams/${t.team}`}>{t.team}</Link>
              </th>
              <td className="num">
                <Done {...t} />
              </td>
              <td className="num">
                {t.servicesComplete}/{t.services}
              </td>
              <td>{t.projectedDone ?? '—'}</td>
              <td>
                <InitiativeStatus status={t.status} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Each service's progress and the checks it has left. */
export function ServiceProgressTable({ services }: { services: InitiativeDetail['perService'] }) {
  return (
    <div className="table-wrap">
      <table className="table compact" data-testid="service-progress">
        <thead>
          <tr>
            <th scope="col">Service</th>
            <th scope="col">Team</th>
            <th scope="col" className="num">
              Pairs done
            </th>
            <th scope="col">Left</th>
          </tr>
        </thead>
        <tbody>
          {services.map((s) => (
            <tr key={s.slug} data-service={s.slug} className={s.late ? 'row-behind' : undefined}>
              <th scope="row">
                <Link href={`/services/${s.slug}#scorecards`}>{s.name}</Link>
              </th>
              <td>{s.team ?? '(no team)'}</td>
              <td className="num">
                <Done {...s} />
              </td>
              <td>
                {s.complete ? <span className="pill pill-good">Complete</span> : s.left.map((l) => l.name).join(', ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Each check of the initiative: how many of its pairs are done, and how to fix it. */
export function CheckProgressTable({ checks }: { checks: InitiativeDetail['perCheck'] }) {
  return (
    <div className="table-wrap">
      <table className="table" data-testid="check-progress">
        <thead>
          <tr>
            <th scope="col">Check</th>
            <th scope="col" className="num">
              Services done
            </th>
            <th scope="col">How to fix</th>
          </tr>
        </thead>
        <tbody>
          {checks.map((c) => (
            <tr key={c.checkId}>
              <th scope="row">{c.name}</th>
              <td className="num">
                <Done {...c} />
              </td>
              <td className="small">
                <InlineMarkdown text={c.remediation} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The pairs left, grouped by team and service, late teams first, each with the check's remediation. */
export function WhatIsLeft({ detail }: { detail: InitiativeDetail }) {
  const status = new Map(detail.perTeam.map((t) => [t.team, t.status]));
  const open = detail.perService
    .filter((s) => s.left.length > 0)
    .sort(
      (a, b) =>
        Number(isBehind(status.get(b.team ?? '(no team)')!)) - Number(isBehind(status.get(a.team ?? '(no team)')!)),
    );
  if (open.length === 0) return <p className="muted">Nothing is left: every pair is done.</p>;
  return (
    <ul className="failing-list" data-testid="what-is-left">
      {open.map((s) => (
        <li key={s.slug} data-service={s.slug}>
          <Link href={`/services/${s.slug}#scorecards`}>{s.name}</Link>{' '}
          <span className="muted small">{s.team ?? '(no team)'}</span>
          <ul>
            {s.left.map((l) => (
              <li key={l.checkId}>
                {l.name} <CheckState state={l.state} />{' '}
                <span className="muted small">
                  <InlineMarkdown text={l.remediation} />
                </span>
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}
