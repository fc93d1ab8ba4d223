import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COLLECTOR_NODE_FLAGS } from './worker-command';

describe('the node flags of collecting processes', () => {
  const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;

  it.each(['worker', 'sync'])('npm run %s starts node with them', (name) => {
    const words = scripts[name]!.split(/\s+/);
    const node = words.indexOf('node');
    expect(node).toBeGreaterThanOrEqual(0);
    for (const flag of COLLECTOR_NODE_FLAGS) expect(words.slice(node + 1, words.indexOf('--import'))).toContain(flag);
  });
});
