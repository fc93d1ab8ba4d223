import { apiMethodTable } from '../lib/app-routes';

// What next.config.ts gives proxy.ts when the app is built: the methods each /api route exports.
process.env.PAVED_API_METHODS = JSON.stringify(apiMethodTable());
