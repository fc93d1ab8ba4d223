import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * `npm run build` compiles the launcher, worker and web server to dist/ beside its Next build,
 * and stamps dist/BUILD_ID with that build's id. While the stamp matches .next/BUILD_ID, the
 * compiled launcher belongs to the Next build on disk: `npm start` runs it (plain node for the
 * worker and the web server, as in the image). After any other build (the quickstart's first
 * `npm start` runs `next build` alone) the stamp differs and `npm start` runs from source.
 */
export const BUILD_STAMP = 'BUILD_ID';

export function currentCompiledLauncher(root = process.cwd()): string | null {
  const launcher = path.join(root, 'dist', 'start.mjs');
  const stamp = path.join(root, 'dist', BUILD_STAMP);
  const build = path.join(root, '.next', 'BUILD_ID');
  if (!existsSync(launcher) || !existsSync(stamp) || !existsSync(build)) return null;
  return readFileSync(stamp, 'utf8').trim() === readFileSync(build, 'utf8').trim() ? launcher : null;
}
