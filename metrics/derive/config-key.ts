import { createHash } from 'node:crypto';
import type { PavedConfig } from '../../lib/config';
import { productionEnvironments } from '../../lib/config-schema';

export const fingerprintOf = (value: unknown) =>
  createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 24);

/** Inputs of the derivation that live in config: a change re-derives everything, without re-collection. */
export function derivationConfigKey(config: PavedConfig): string {
  return fingerprintOf({
    v: 1,
    productionEnvironments: productionEnvironments(config)
      .map((e) => e.toLowerCase())
      .sort(),
    deployWorkflows: config.github?.deployWorkflows ?? {},
    hotfixLabels: config.metrics.hotfixLabels.map((l) => l.toLowerCase()).sort(),
    window: config.metrics.incidentAttributionWindowHours,
    urgencies: config.pagerduty?.urgencies ?? null,
    priorities: config.pagerduty?.priorities ?? null,
    // Only when set, so that configurations without them keep their key (and their derived rows).
    ...(incidentRulesKey(config) ?? {}),
  });
}

function incidentRulesKey(config: PavedConfig) {
  const titles = config.pagerduty?.excludeTitles ?? [];
  const names = config.pagerduty?.excludeServiceNames ?? [];
  const services = config.catalog.services.filter((s) => s.incidents).map((s) => [s.slug, s.incidents]);
  if (titles.length === 0 && names.length === 0 && services.length === 0) return null;
  return { excludeTitles: titles, excludeServiceNames: names, serviceIncidents: services };
}
