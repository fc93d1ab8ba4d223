import type { DataQuality } from '@/metrics/data-quality';
import { formatDuration, formatInstant, formatNumber } from '../common/format';

const SHOWN = 20;

/** Says how many a shortened list leaves out, and where the whole list is. */
function More({ total }: { total: number }) {
  return total > SHOWN ? (
    <p className="muted small" data-testid="dq-more">
      and {formatNumber(total - SHOWN)} more: the whole list is in GET /api/v1/data-quality
    </p>
  ) : null;
}

function Block({
  title,
  count,
  explain,
  testId,
  children,
}: {
  title: string;
  count: number;
  explain: string;
  testId: string;
  children?: React.ReactNode;
}) {
  return (
    <section className="panel" aria-labelledby={`${testId}-heading`} data-testid={testId}>
      <div className="section-head">
        <h3 id={`${testId}-heading`}>{title}</h3>
        <span className={`pill${count ? '' : ' pill-good'}`} data-testid={`${testId}-count`}>
          {count}
        </span>
      </div>
      <p className="muted small">{explain}</p>
      {count > 0 ? children : null}
    </section>
  );
}

/** What the figures leave out, and why: every exclusion listed so nobody has to trust a number blindly. */
export function QualityLists({ q }: { q: DataQuality }) {
  return (
    <div className="grid-2">
      <Block
        title="Baseline deployments"
        count={q.baselineDeployments.length}
        testId="dq-baselines"
        explain="The first deployment collected per repository and environment: its history predates collection, so its changes are not counted."
      >
        <ul className="small">
          {q.baselineDeployments.slice(0, SHOWN).map((d) => (
            <li key={d.id}>
              {d.repository} · {d.environment} · {formatInstant(d.deployedAt)}
            </li>
          ))}
        </ul>
        <More total={q.baselineDeployments.length} />
      </Block>
      <Block
        title="Non-positive lead times"
        count={q.nonPositiveLeadTimes.length}
        testId="dq-nonpositive"
        explain="Changes whose first commit is dated after their deployment (clock skew, rebases): listed, excluded from lead time."
      >
        <ul className="small">
          {q.nonPositiveLeadTimes.slice(0, SHOWN).map((c) => (
            <li key={`${c.repository}/${c.change}`}>
              {c.repository} {c.change} · {formatDuration(c.leadTimeSeconds)} · {c.deployment}
            </li>
          ))}
        </ul>
        <More total={q.nonPositiveLeadTimes.length} />
      </Block>
      <Block
        title="Merged pull requests never deployed"
        count={q.pullRequestsNeverDeployed.total}
        testId="dq-undeployed"
        explain="Merged, but no production deployment contains them yet: they do not count towards lead time until they ship."
      >
        <ul className="small">
          {q.pullRequestsNeverDeployed.sample.slice(0, SHOWN).map((p) => (
            <li key={`${p.repository}#${p.number}`}>
              {p.repository}#{p.number} {p.title} · merged {formatInstant(p.mergedAt)}
            </li>
          ))}
        </ul>
        <More total={q.pullRequestsNeverDeployed.total} />
      </Block>
      <Block
        title="Unclaimed PagerDuty services"
        count={q.unclaimedPagerdutyServices.length}
        testId="dq-unclaimed"
        explain="Their incidents belong to no service, so no time to restore or change failure counts them. Link them in catalog-info.yaml or paved.config.yaml."
      >
        <ul className="small">
          {q.unclaimedPagerdutyServices.map((u) => (
            <li key={u.pagerdutyService}>
              {u.name ?? u.pagerdutyService} ({u.pagerdutyService}) · {u.incidents} incidents
            </li>
          ))}
        </ul>
      </Block>
      <Block
        title="Repositories without production deployments"
        count={q.repositoriesWithoutDeployments.length}
        testId="dq-nodeploys"
        explain="No deployment to a production environment and no deploy workflow run: check productionEnvironments and deployWorkflows."
      >
        <ul className="small">
          {q.repositoriesWithoutDeployments.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      </Block>
      <Block
        title="Failed deployment attempts"
        count={q.failedDeploymentAttempts}
        testId="dq-attempts"
        explain="Deployments that never reached success, over all collected history (the overview counts those in its window): not production deployments, so not in deployment frequency or change failure rate."
      />
    </div>
  );
}
