import { pathToFileURL } from 'node:url';
import { currentCompiledLauncher } from './compiled-build';
import { COMPILED } from './entries';

// `npm start` after `npm run build`: hand over to the compiled launcher of that build (its worker
// and web server run as plain node). Otherwise this launcher from source, which builds Next once
// on first run; also when started directly (`node --import tsx bin/start.ts`, as the end-to-end
// suite does), so a run from source stays one.
const compiled = COMPILED || process.env.npm_lifecycle_event !== 'start' ? null : currentCompiledLauncher();
if (compiled) void import(pathToFileURL(compiled).href);
else void import('./supervise').then(({ supervise }) => supervise('start'));
