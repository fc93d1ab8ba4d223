import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { COLLECTOR_NODE_FLAGS, workerNodeArgs } from './worker-command';

/**
 * How a process starts its siblings: compiled (dist/*.mjs, `npm run build`), with plain node;
 * or from source with tsx (`npm start`, `npm run dev`). Each compiled file carries its own copy
 * of this module, so `import.meta.url` names the file that runs.
 */
const here = fileURLToPath(import.meta.url);
export const COMPILED = here.endsWith('.mjs');

/** Node's arguments to run a sibling process (`worker`, `serve`); the worker's carry its heap flags. */
export function entryArgs(name: 'worker' | 'serve'): string[] {
  if (name === 'worker')
    return COMPILED ? [...COLLECTOR_NODE_FLAGS, path.join(path.dirname(here), 'worker.mjs')] : workerNodeArgs();
  return COMPILED ? [path.join(path.dirname(here), 'serve.mjs')] : ['--import', 'tsx', path.resolve('bin/serve.ts')];
}
