/**
 * The demo organisation's shape: teams that differ on purpose, so every view has a story
 * (an elite team, a struggling one, and the ordinary middle).
 */
export interface TeamProfile {
  slug: string;
  name: string;
  services: { slug: string; name: string; tier: string; type: string; lifecycle: string }[];
  /** Pull requests merged per service per working day. */
  mergesPerDay: number;
  /** How production deployments happen. */
  cadence: 'continuous' | 'daily' | 'twice-weekly' | 'weekly' | 'biweekly';
  /** Median hours: first commit → PR opened, PR opened → first review, review → merge. */
  codingHours: number;
  pickupHours: number;
  reviewHours: number;
  /** Probability that a production deployment causes a failure. */
  failureRate: number;
  /** Median minutes to resolve an incident. */
  restoreMinutes: number;
  /** Share of changes pushed straight to the default branch. */
  directPushRate: number;
  pipelineSuccessRate: number;
  pipelineMinutes: number;
  /** How mature the repositories are on the golden path (0–1). */
  goldenPath: number;
  members: string[];
}

export const DEMO_OWNER = 'acme';

export const DEMO_TEAMS: TeamProfile[] = [
  {
    slug: 'payments',
    name: 'Payments',
    services: [
      { slug: 'payments-api', name: 'Payments API', tier: 'tier-1', type: 'service', lifecycle: 'production' },
      { slug: 'ledger', name: 'Ledger', tier: 'tier-1', type: 'service', lifecycle: 'production' },
      { slug: 'fraud-scoring', name: 'Fraud scoring', tier: 'tier-1', type: 'service', lifecycle: 'production' },
      { slug: 'payouts-worker', name: 'Payouts worker', tier: 'tier-2', type: 'worker', lifecycle: 'production' },
      { slug: 'card-vault', name: 'Card vault', tier: 'tier-1', type: 'service', lifecycle: 'production' },
    ],
    mergesPerDay: 3.2,
    cadence: 'continuous',
    codingHours: 3,
    pickupHours: 0.7,
    reviewHours: 1.2,
    failureRate: 0.035,
    restoreMinutes: 25,
    directPushRate: 0.01,
    pipelineSuccessRate: 0.96,
    pipelineMinutes: 7,
    goldenPath: 0.95,
    members: ['amara', 'bo', 'chen', 'dario', 'eli'],
  },
  {
    slug: 'checkout',
    name: 'Checkout',
    services: [
      { slug: 'checkout-web', name: 'Checkout web', tier: 'tier-1', type: 'website', lifecycle: 'production' },
      { slug: 'cart-service', name: 'Cart service', tier: 'tier-1', type: 'service', lifecycle: 'production' },
      { slug: 'pricing', name: 'Pricing', tier: 'tier-2', type: 'service', lifecycle: 'production' },
      { slug: 'promotions', name: 'Promotions', tier: 'tier-3', type: 'service', lifecycle: 'production' },
      { slug: 'tax-calculator', name: 'Tax calculator', tier: 'tier-2', type: 'library', lifecycle: 'production' },
    ],
    mergesPerDay: 1.6,
    cadence: 'daily',
    codingHours: 8,
    pickupHours: 3,
    reviewHours: 4,
    failureRate: 0.09,
    restoreMinutes: 90,
    directPushRate: 0.03,
    pipelineSuccessRate: 0.9,
    pipelineMinutes: 12,
    goldenPath: 0.75,
    members: ['fatima', 'gus', 'hana', 'ivan'],
  },
  {
    slug: 'platform',
    name: 'Platform',
    services: [
      { slug: 'identity', name: 'Identity', tier: 'tier-1', type: 'service', lifecycle: 'production' },
      { slug: 'notifications', name: 'Notifications', tier: 'tier-2', type: 'service', lifecycle: 'production' },
      { slug: 'feature-flags', name: 'Feature flags', tier: 'tier-2', type: 'service', lifecycle: 'production' },
      { slug: 'api-gateway', name: 'API gateway', tier: 'tier-1', type: 'service', lifecycle: 'production' },
      { slug: 'audit-log', name: 'Audit log', tier: 'tier-3', type: 'service', lifecycle: 'experimental' },
    ],
    mergesPerDay: 1.2,
    cadence: 'twice-weekly',
    codingHours: 10,
    pickupHours: 6,
    reviewHours: 6,
    failureRate: 0.12,
    restoreMinutes: 180,
    directPushRate: 0.05,
    pipelineSuccessRate: 0.85,
    pipelineMinutes: 15,
    goldenPath: 0.6,
    members: ['jo', 'kemal', 'lin', 'mo'],
  },
  {
    slug: 'search',
    name: 'Search',
    services: [
      { slug: 'search-api', name: 'Search API', tier: 'tier-2', type: 'service', lifecycle: 'production' },
      { slug: 'indexer', name: 'Indexer', tier: 'tier-2', type: 'worker', lifecycle: 'production' },
      { slug: 'recommendations', name: 'Recommendations', tier: 'tier-3', type: 'service', lifecycle: 'production' },
      { slug: 'catalog-sync', name: 'Catalog sync', tier: 'tier-3', type: 'worker', lifecycle: 'production' },
    ],
    mergesPerDay: 0.9,
    cadence: 'weekly',
    codingHours: 20,
    pickupHours: 16,
    reviewHours: 10,
    failureRate: 0.16,
    restoreMinutes: 360,
    directPushRate: 0.08,
    pipelineSuccessRate: 0.8,
    pipelineMinutes: 22,
    goldenPath: 0.4,
    members: ['nadia', 'oscar', 'priya'],
  },
  {
    slug: 'legacy-billing',
    name: 'Legacy Billing',
    services: [
      { slug: 'billing-monolith', name: 'Billing monolith', tier: 'tier-1', type: 'service', lifecycle: 'production' },
      { slug: 'invoice-renderer', name: 'Invoice renderer', tier: 'tier-2', type: 'service', lifecycle: 'production' },
      { slug: 'dunning-jobs', name: 'Dunning jobs', tier: 'tier-3', type: 'worker', lifecycle: 'deprecated' },
      { slug: 'erp-bridge', name: 'ERP bridge', tier: 'tier-2', type: 'service', lifecycle: 'production' },
    ],
    mergesPerDay: 0.6,
    cadence: 'biweekly',
    codingHours: 40,
    pickupHours: 48,
    reviewHours: 30,
    failureRate: 0.3,
    restoreMinutes: 900,
    directPushRate: 0.15,
    pipelineSuccessRate: 0.7,
    pipelineMinutes: 41,
    goldenPath: 0.15,
    members: ['quinn', 'rosa', 'sam'],
  },
];
