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

/** A block listing its first rows, saying how many it leaves out. */
function ListBlock<T>({
  items,
  total = items.length,
  keyOf,
  row,
  ...block
}: {
  title: string;
  explain: string;
  testId: string;
  items: readonly T[];
  total?: number;
  keyOf: (item: T) => string;
  row: (item: T) => React.ReactNode;
}) {
  return (
    <Block {...block} count={total}>
      <ul className="small">
        {items.slice(0, SHOWN).map((item) => (
          <li key={keyOf(item)}>{row(item)}</li>
        ))}
      </ul>
      <More total={total} />
    </Block>
  );
}

/** What the figures leave out, and why: every exclusion listed so nobody has to trust a number blindly. */
export function QualityLists({ q }: { q: DataQuality }) {
  return (
    <div className="grid-2">
      <ListBlock
        title="Baseline deployments"
        testId="dq-baselines"
        explain="The first deployment collected per repository and environment: its history predates collection, so its changes are not counted."
        items={q.baselineDeployments}
        keyOf={(d) => d.id}
        row={(d) => (
          <>
            {d.repository} · {d.environment} · {formatInstant(d.deployedAt)}
          </>
        )}
      />
      <ListBlock
        title="Non-positive lead times"
        testId="dq-nonpositive"
        explain="Changes whose first commit is dated after their deployment (clock skew, rebases): listed, excluded from lead time."
        items={q.nonPositiveLeadTimes}
        keyOf={(c) => `${c.repository}/${c.change}`}
        row={(c) => (
          <>
            {c.repository} {c.change} · {formatDuration(c.leadTimeSeconds)} · {c.deployment}
          </>
        )}
      />
      <ListBlock
        title="Merged pull requests never deployed"
        testId="dq-undeployed"
        explain="Merged, but no production deployment contains them yet: they do not count towards lead time until they ship."
        items={q.pullRequestsNeverDeployed.sample}
        total={q.pullRequestsNeverDeployed.total}
        keyOf={(p) => `${p.repository}#${p.number}`}
        row={(p) => (
          <>
            {p.repository}#{p.number} {p.title} · merged {formatInstant(p.mergedAt)}
          </>
        )}
      />
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
      <ListBlock
        title="PagerDuty services linked by several services"
        testId="dq-shared-pagerduty"
        explain="Their incidents count for each of the services that link them, so team and organisation views may count one incident more than once. Link each PagerDuty service from one service."
        items={q.pagerdutyServicesLinkedTwice}
        keyOf={(p) => p.pagerdutyService}
        row={(p) => (
          <>
            {p.name ?? p.pagerdutyService} ({p.pagerdutyService}) · {p.services.join(', ')}
          </>
        )}
      />
      <ListBlock
        title="Ignored catalog claims"
        testId="dq-ignored-claims"
        explain="A catalog-info.yaml speaks only for its own repository: links to other repositories and services defined elsewhere (in the configuration or in another repository's catalog-info.yaml) are not applied."
        items={q.ignoredCatalogClaims}
        keyOf={(c) => `${c.repository} ${c.claim}`}
        row={(c) => (
          <>
            {c.repository}: {c.claim} · {c.reason}
          </>
        )}
      />
    </div>
  );
}
