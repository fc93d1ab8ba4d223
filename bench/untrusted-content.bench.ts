/**
 * Shows that the repository rules take time linear in hostile repository content: each input
 * is doubled four times and the time of each doubling is printed with its ratio to the one
 * before (linear: about 2; the `uses:` pattern this replaced was cubic on blank lines, about
 * 8, and a 4 KB workflow took 19 s). Inputs: blank and whitespace-only lines in a workflow for
 * the `uses:` extraction; a run of "a" for a file_matches pattern that backtracks exponentially
 * in JavaScript (`(a+)+$`, run by RE2); a YAML file of nested lists for yaml_path.
 *
 *   npx tsx bench/untrusted-content.bench.ts
 */
import { evaluateFileMatches, evaluateStructuredPath, workflowReferences } from '../scorecards/rules/repository-rules';

const SIZES = [16, 32, 64, 128, 256].map((kib) => kib * 1024);

/** Median of seven runs, in milliseconds. */
function time(work: () => unknown): number {
  const runs = Array.from({ length: 7 }, () => {
    const start = performance.now();
    work();
    return performance.now() - start;
  }).sort((a, b) => a - b);
  return runs[3]!;
}

const inputs: [string, (chars: number) => () => unknown][] = [
  [
    'workflow_uses: blank and whitespace lines',
    (chars) => {
      const content = ' \n\n-\n'.repeat(chars / 5);
      return () => workflowReferences([{ path: '.github/workflows/x.yml', content }]);
    },
  ],
  [
    'file_matches /(a+)+$/ on "aaa…!"',
    (chars) => {
      const facts = { files: { 'README.md': { content: `${'a'.repeat(chars - 1)}!` } } };
      const rule = { type: 'file_matches', path: 'README.md', pattern: '(a+)+$', flags: 'm', negate: false } as const;
      return () => evaluateFileMatches(rule, facts);
    },
  ],
  [
    'yaml_path over nested lists',
    (chars) => {
      const facts = {
        files: { 'catalog-info.yaml': { content: `spec:\n${'  - [a, [b, c]]\n'.repeat(chars / 16 - 1)}` } },
      };
      const rule = { type: 'yaml_path', file: 'catalog-info.yaml', path: 'spec[0]', expect: { exists: true } } as const;
      return () => evaluateStructuredPath(rule, facts);
    },
  ],
];

/** The whole-file pattern the `uses:` extraction had before: cubic, so only small inputs. */
const OLD_USES = /^\s*-?\s*uses:\s*["']?([^\s"'#@]+)(?:@([^\s"'#]+))?/gm;

function report(name: string, sizes: number[], make: (chars: number) => () => unknown) {
  console.log(`\n${name}`);
  let previous: number | null = null;
  for (const chars of sizes) {
    const work = make(chars);
    work(); // warm up
    const ms = time(work);
    const ratio = previous ? (ms / previous).toFixed(2) : '—';
    console.log(`  ${String(chars / 1024).padStart(4)} KiB  ${ms.toFixed(2).padStart(9)} ms  ×${ratio}`);
    previous = ms;
  }
}

for (const [name, make] of inputs) report(name, SIZES, make);
report('for comparison, the replaced `uses:` pattern on blank lines', [512, 1024, 2048], (chars) => {
  const content = '\n'.repeat(chars);
  return () => [...content.matchAll(OLD_USES)];
});
