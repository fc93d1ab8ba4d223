import { parseAllDocuments } from 'yaml';
import type { CatalogDescriptor } from '../../db/catalog';
import { MAX_YAML_ALIASES } from '../../lib/limits';

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

/**
 * The first `kind: Component` entity of a Backstage `catalog-info.yaml` (a file may hold
 * several documents), or null when there is none. Throws on YAML that does not parse,
 * with the reason, so the caller can record it.
 */
export function parseCatalogInfo(source: string): CatalogDescriptor | null {
  for (const doc of parseAllDocuments(source)) {
    if (doc.errors.length > 0) throw new Error(`catalog-info.yaml is not valid YAML: ${doc.errors[0]!.message}`);
    // Past the alias limit this throws (an alias bomb), and the caller records why.
    const entity = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES }) as {
      kind?: unknown;
      metadata?: Record<string, unknown>;
      spec?: Record<string, unknown>;
    } | null;
    if (!entity || typeof entity !== 'object' || entity.kind !== 'Component') continue;
    const name = text(entity.metadata?.name);
    if (!name) continue;
    const annotations = (entity.metadata?.annotations ?? {}) as Record<string, unknown>;
    return {
      kind: 'Component',
      name,
      owner: text(entity.spec?.owner),
      lifecycle: text(entity.spec?.lifecycle),
      type: text(entity.spec?.type),
      description: text(entity.metadata?.description),
      projectSlug: text(annotations['github.com/project-slug']),
      pagerdutyServiceId: text(annotations['pagerduty.com/service-id']),
    };
  }
  return null;
}
