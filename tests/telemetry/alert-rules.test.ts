import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';

const run = promisify(execFile);
const RULES = path.resolve('deploy/monitoring/alerts.yaml');
const TESTS = path.resolve('deploy/monitoring/alerts.test.yaml');

/** Prometheus's promtool (Debian: the `prometheus` package; .ci/run installs it). */
function findPromtool(): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, 'promtool');
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

const promtool = findPromtool();

async function promtoolRun(args: string[], cwd: string): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout, stderr } = await run(promtool!, args, { cwd });
    return { ok: true, output: stdout + stderr };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return { ok: false, output: (e.stdout ?? '') + (e.stderr ?? '') };
  }
}

interface RuleFile {
  groups: { name: string; rules: { alert: string; expr: string }[] }[];
}

/** Runs alerts.test.yaml against `rules` in a scratch folder. */
async function testRules(rules: RuleFile): Promise<{ ok: boolean; output: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'paved-alerts-'));
  writeFileSync(path.join(dir, 'alerts.yaml'), stringifyYaml(rules));
  writeFileSync(path.join(dir, 'alerts.test.yaml'), readFileSync(TESTS));
  return promtoolRun(['test', 'rules', 'alerts.test.yaml'], dir);
}

describe.skipIf(!promtool)('alert rules in deploy/monitoring, evaluated by promtool', () => {
  const rules = parseYaml(readFileSync(RULES, 'utf8')) as RuleFile;
  const alerts = rules.groups.flatMap((g) => g.rules.map((r) => r.alert));

  it('are valid rules, and their unit tests (alerts.test.yaml) pass', async () => {
    const checked = await promtoolRun(['check', 'rules', RULES], path.dirname(RULES));
    expect(checked.output).toContain(`SUCCESS: ${alerts.length} rules found`);
    expect(checked.ok).toBe(true);
    const tested = await promtoolRun(['test', 'rules', TESTS], path.dirname(TESTS));
    expect(tested.output).toContain('SUCCESS');
    expect(tested.ok).toBe(true);
  });

  it('every alert is tested both ways: its unit tests fail when it never fires, and when it always fires', async () => {
    expect(alerts).toEqual(
      expect.arrayContaining([
        'PavedSyncStale',
        'PavedGithubBudgetExhausted',
        'PavedGithubRestBudgetExhausted',
        'PavedJobFailures',
      ]),
    );
    for (const alert of alerts) {
      for (const broken of ['vector(1) < 0', 'vector(1)']) {
        const mutated = structuredClone(rules);
        for (const group of mutated.groups)
          for (const rule of group.rules) if (rule.alert === alert) rule.expr = broken;
        const result = await testRules(mutated);
        expect(result.ok, `${alert} as "${broken}" should fail its tests`).toBe(false);
        expect(result.output).toContain(alert);
      }
    }
    // And the unchanged copy passes there too (the scratch folder is not the reason for failing).
    expect((await testRules(rules)).ok).toBe(true);
  }, 60_000);
});
