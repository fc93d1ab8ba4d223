import type { ColumnType, Generated, Insertable } from 'kysely';

/** A timestamptz column: read as Date, written as Date or ISO string. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;
type DefaultedJson<T> = ColumnType<T, string | undefined, string>;

export interface TeamTable {
  id: Generated<number>;
  slug: string;
  name: string;
  source: string;
  updated_at: DefaultedTimestamp;
}

export interface ServiceTable {
  id: Generated<number>;
  slug: string;
  name: string;
  team_id: number | null;
  lifecycle: string | null;
  tier: string | null;
  type: string | null;
  description: string | null;
  source: string;
  updated_at: DefaultedTimestamp;
}

export interface RepositoryTable {
  id: Generated<number>;
  full_name: string;
  owner: string;
  name: string;
  node_id: string | null;
  url: string | null;
  default_branch: string | null;
  archived: Generated<boolean>;
  fork: Generated<boolean>;
  visibility: string | null;
  topics: Generated<string[]>;
  description: string | null;
  license: string | null;
  delete_branch_on_merge: boolean | null;
  pushed_at: Timestamp | null;
  /** Where the collected history starts (the first backfill's start); null when never collected. */
  history_from: Timestamp | null;
  /** When GitHub stopped showing it (deleted, or out of the token's sight): it no longer counts. */
  removed_at: Timestamp | null;
  source: string;
  updated_at: DefaultedTimestamp;
}

export interface ServiceRepositoryTable {
  service_id: number;
  repository_id: number;
  source: string;
}

export interface PagerdutyServiceTable {
  id: string;
  name: string;
  status: string | null;
  escalation_policy_id: string | null;
  escalation_policy_name: string | null;
  teams: Json<{ id: string; name: string | null }[]>;
  html_url: string | null;
  /** Where the collected incident history starts; null when never collected. */
  history_from: Timestamp | null;
  source: string;
  updated_at: DefaultedTimestamp;
}

export interface ServicePagerdutyServiceTable {
  service_id: number;
  pagerduty_service_id: string;
  source: string;
}

export interface CommitTable {
  repository_id: number;
  oid: string;
  parent_oids: string[];
  authored_at: Timestamp;
  committed_at: Timestamp;
  author_login: string | null;
  author_email: string | null;
  message_headline: string;
  message: string | null;
  associated_pull_request_numbers: Generated<number[]>;
}

export interface PullRequestTable {
  repository_id: number;
  number: number;
  node_id: string | null;
  title: string;
  author_login: string | null;
  state: string;
  draft: boolean;
  created_at: Timestamp;
  updated_at: Timestamp;
  merged_at: Timestamp | null;
  closed_at: Timestamp | null;
  merge_commit_oid: string | null;
  base_ref: string | null;
  head_ref: string | null;
  labels: string[];
  first_commit_authored_at: Timestamp | null;
  first_review_at: Timestamp | null;
  first_reviewer_login: string | null;
  additions: number | null;
  deletions: number | null;
  commit_count: number | null;
}

export interface PullRequestCommitTable {
  repository_id: number;
  pull_request_number: number;
  oid: string;
  authored_at: Timestamp | null;
}

export interface DeploymentStatus {
  state: string;
  createdAt: string;
  description?: string | null;
}

export interface DeploymentTable {
  id: Generated<number>;
  repository_id: number;
  source: string;
  external_id: string;
  environment: string;
  commit_oid: string;
  ref: string | null;
  creator_login: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  statuses: Json<DeploymentStatus[]>;
  latest_state: string | null;
  deployed_at: Timestamp | null;
}

export interface PipelineRunTable {
  repository_id: number;
  run_id: number;
  attempt: number;
  workflow_id: number | null;
  workflow_name: string;
  workflow_path: string | null;
  event: string | null;
  branch: string | null;
  head_sha: string | null;
  status: string;
  conclusion: string | null;
  html_url: string | null;
  created_at: Timestamp;
  started_at: Timestamp | null;
  completed_at: Timestamp | null;
  updated_at: Timestamp;
}

export interface IncidentTable {
  source: string;
  external_id: string;
  number: number | null;
  pagerduty_service_id: string;
  title: string;
  urgency: string | null;
  priority: string | null;
  status: string;
  created_at: Timestamp;
  acknowledged_at: Timestamp | null;
  resolved_at: Timestamp | null;
  last_status_change_at: Timestamp | null;
  html_url: string | null;
  updated_at: DefaultedTimestamp;
}

export interface RepositoryFactsTable {
  repository_id: number;
  collected_at: Timestamp;
  version: number;
  facts: Json<Record<string, unknown>>;
}

export interface SyncStateTable {
  source: string;
  scope: string;
  stream: string;
  cursor: Json<unknown> | null;
  last_success_at: Timestamp | null;
  last_error: string | null;
  last_error_at: Timestamp | null;
  updated_at: DefaultedTimestamp;
}

export interface SyncRunTable {
  id: Generated<number>;
  trigger: string;
  full_sync: boolean;
  status: SyncRunStatus;
  started_at: Timestamp;
  finished_at: Timestamp | null;
  counts: DefaultedJson<Record<string, unknown>>;
  api_cost: DefaultedJson<Record<string, unknown>>;
  error: string | null;
  instance: string | null;
  progress: DefaultedJson<Record<string, unknown>>;
  heartbeat_at: Timestamp | null;
  deadline_at: Timestamp | null;
  scheduled_for: Timestamp | null;
  planned_at: Timestamp | null;
}

/** `queued` until a worker plans it, `running` while parts collect, `deriving` until figures are rebuilt. */
export type SyncRunStatus = 'queued' | 'running' | 'deriving' | 'succeeded' | 'failed' | 'skipped';

export interface SyncRunPartTable {
  run_id: number;
  source: string;
  scope: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  job_id: string | null;
  input: DefaultedJson<Record<string, unknown>>;
  worker: string | null;
  stream: string | null;
  attempts: Generated<number>;
  rows: Generated<number>;
  graphql_points: Generated<number>;
  rest_calls: Generated<number>;
  error: string | null;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
}

export interface SettingTable {
  key: string;
  value: Json<unknown>;
  updated_at: DefaultedTimestamp;
}

export interface ApiTokenTable {
  id: Generated<number>;
  name: string;
  role: 'viewer' | 'admin';
  token_hash: string;
  hint: string;
  created_by: string;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface SessionTable {
  id_hash: string;
  subject: string;
  email: string | null;
  name: string | null;
  role: 'viewer' | 'admin';
  created_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface IncidentOverrideTable {
  source: string;
  external_id: string;
  action: 'not_caused_by_change' | 'attach';
  /** The deployment an `attach` override attributes the incident to; null otherwise. */
  deployment_id: string | null;
  reason: string;
  created_by: string;
  created_at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  actor: string;
  action: string;
  detail: DefaultedJson<Record<string, unknown>>;
}

export type WebhookSource = 'github' | 'pagerduty';
/** `queued`: it caused a new job; `coalesced`: it joined a job still waiting; `ignored`: nothing to re-read. */
export type WebhookOutcome = 'queued' | 'coalesced' | 'ignored';
/** Requests that never reach the inbox, counted per hour. */
export type WebhookRefusal = 'rejected' | 'duplicate' | 'malformed';

export interface WebhookDeliveryTable {
  id: Generated<number>;
  source: WebhookSource;
  delivery_id: string;
  event: string;
  action: string | null;
  target: string | null;
  received_at: DefaultedTimestamp;
  body_sha256: string;
  outcome: WebhookOutcome;
  reason: string | null;
  job_id: string | null;
  /** When the targeted job that covered it ended (re-read done). */
  refreshed_at: Timestamp | null;
  /** When the derivation after that job ended: the figures include the change. */
  figures_at: Timestamp | null;
  error: string | null;
}

export interface WebhookCountTable {
  source: WebhookSource;
  outcome: WebhookRefusal;
  hour: Timestamp;
  count: number;
}

export interface DerivedDeploymentTable {
  id: string;
  repository_id: number;
  kind: string;
  environment: string;
  commit_oid: string;
  deployed_at: Timestamp;
  previous_id: string | null;
  is_baseline: boolean;
  commit_count: number;
  change_count: number;
  rollback_of: string | null;
  has_revert: boolean;
  has_hotfix: boolean;
  rolled_back_by: string | null;
  reverted_by: string | null;
  incident_keys: Generated<string[]>;
  during_incident: Generated<boolean>;
  failed: Generated<boolean>;
  failure_reasons: Generated<string[]>;
  recovered_at: Timestamp | null;
  rework: Generated<boolean>;
  rework_reasons: Generated<string[]>;
}

export interface DerivedChangeTable {
  repository_id: number;
  change_key: string;
  kind: 'pull_request' | 'direct_push';
  pull_request_number: number | null;
  commit_oid: string;
  title: string | null;
  author_login: string | null;
  deployment_id: string;
  deployed_at: Timestamp;
  started_at: Timestamp;
  lead_time_seconds: number;
  coding_seconds: number | null;
  pickup_seconds: number | null;
  review_seconds: number | null;
  deploy_seconds: number | null;
}

/** A merged pull request of a derived repository that no derived change deploys (the data-quality page). */
export interface DerivedUndeployedPullRequestTable {
  repository_id: number;
  number: number;
  title: string;
  merged_at: Timestamp;
}

export interface DerivationStateTable {
  scope: string;
  fingerprint: string;
  derived_at: Timestamp;
}

/** Rollup rows: `scope_id` 0 is the organisation, any other value the team of that id. */
export interface OrgRollupDayTable {
  scope_id: Generated<number>;
  day: string;
  deployments: number;
  failed: number;
  rework: number;
  first_deployed_at: Timestamp | null;
  last_deployed_at: Timestamp | null;
  incidents: number;
}

export interface OrgRollupHistogramTable {
  scope_id: Generated<number>;
  period: 'day' | 'month';
  period_start: string;
  metric: string;
  bucket: number;
  samples: number;
  min_value: number;
  max_value: number;
  /** the bucket's distinct values, ascending, and how many samples hold each; null past 16 values */
  listed_values: number[] | null;
  listed_counts: number[] | null;
}

export interface OrgRollupStateTable {
  scope_id: Generated<number>;
  config_key: string;
  membership: string;
  built_at: Timestamp;
}

export interface ScorecardCheckTable {
  id: Generated<number>;
  scorecard_id: string;
  check_id: string;
  definition_hash: string;
  level: string;
  weight: number;
  category: string | null;
  definition: Json<unknown>;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
}

export interface ScorecardResultTable {
  scorecard_id: string;
  check_id: string;
  service_id: number;
  check_key: number;
  state: string;
  outcome: string | null;
  reason: string;
  exemption: Json<{ reason: string; expires: string; expired: boolean } | null> | null;
  evaluated_at: Timestamp;
}

export interface ScorecardServiceSetTable {
  id: Generated<number>;
  hash: string;
  service_ids: number[];
}

export interface ScorecardSnapshotTable {
  check_key: number;
  /** A `date` column; select it as `day::text` (pg would build a local-time Date). */
  day: ColumnType<string, string, string>;
  service_set_id: number;
  /** One byte per service of the set: state index + 8 × outcome index. */
  states: Buffer;
}

/** The one row whose generation advances at the commit of every change to rows figures are read from. */
export interface FigureGenerationTable {
  only_row: Generated<boolean>;
  generation: number;
  changed_at: DefaultedTimestamp;
}

export type NotificationKind = 'digest' | 'alert' | 'test';
export type DeliveryStatus = 'pending' | 'sent' | 'failed';

export interface NotificationTable {
  id: Generated<number>;
  key: string;
  kind: NotificationKind;
  /** The team's slug; null for the organisation. */
  team: string | null;
  /** The message's content as it was due (notifications/message.ts). */
  message: Json<unknown>;
  created_at: Timestamp;
}

export interface NotificationDeliveryTable {
  id: Generated<number>;
  notification_id: number;
  /** 'slack:ENV_NAME', 'teams:ENV_NAME' or 'email:address,…' (notifications/channels.ts). */
  channel: string;
  status: DeliveryStatus;
  attempts: Generated<number>;
  error: string | null;
  sent_at: Timestamp | null;
  updated_at: Timestamp;
}

export interface NotificationBaselineTable {
  subject: string;
  value: string;
  since: Timestamp;
}

export interface Database {
  derived_deployments: DerivedDeploymentTable;
  derived_changes: DerivedChangeTable;
  derived_undeployed_pull_requests: DerivedUndeployedPullRequestTable;
  derivation_state: DerivationStateTable;
  org_rollup_days: OrgRollupDayTable;
  org_rollup_histograms: OrgRollupHistogramTable;
  org_rollup_dirty_days: { day: string };
  org_rollup_state: OrgRollupStateTable;
  teams: TeamTable;
  services: ServiceTable;
  repositories: RepositoryTable;
  service_repositories: ServiceRepositoryTable;
  pagerduty_services: PagerdutyServiceTable;
  service_pagerduty_services: ServicePagerdutyServiceTable;
  commits: CommitTable;
  pull_requests: PullRequestTable;
  pull_request_commits: PullRequestCommitTable;
  deployments: DeploymentTable;
  pipeline_runs: PipelineRunTable;
  incidents: IncidentTable;
  repository_facts: RepositoryFactsTable;
  /** Facts at past instants (same shape), for evaluating scorecards after the fact. */
  repository_fact_history: RepositoryFactsTable;
  sync_state: SyncStateTable;
  sync_runs: SyncRunTable;
  sync_run_parts: SyncRunPartTable;
  settings: SettingTable;
  api_tokens: ApiTokenTable;
  sessions: SessionTable;
  audit_log: AuditLogTable;
  incident_overrides: IncidentOverrideTable;
  webhook_deliveries: WebhookDeliveryTable;
  webhook_counts: WebhookCountTable;
  scorecard_checks: ScorecardCheckTable;
  scorecard_results: ScorecardResultTable;
  scorecard_service_sets: ScorecardServiceSetTable;
  scorecard_snapshots: ScorecardSnapshotTable;
  figure_generation: FigureGenerationTable;
  /** Its twin for collected rows and sync state, which pages show as they are (migration 1400). */
  collection_generation: FigureGenerationTable;
  /** Transactions that changed figures and have not committed yet (see migration 1200). */
  figure_changes: { txid: number };
  collection_changes: { txid: number };
  notifications: NotificationTable;
  notification_deliveries: NotificationDeliveryTable;
  notification_baselines: NotificationBaselineTable;
}

export type NewRepository = Insertable<RepositoryTable>;
export type NewCommit = Insertable<CommitTable>;
export type NewPullRequest = Insertable<PullRequestTable>;
export type NewPullRequestCommit = Insertable<PullRequestCommitTable>;
export type NewPipelineRun = Insertable<PipelineRunTable>;
export type NewIncident = Insertable<IncidentTable>;
