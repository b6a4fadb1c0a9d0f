import type { NextConfig } from 'next';

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  transpilePackages: ['@repay/rules'],
  // The console runs next to the engine on one machine; no image optimisation or telemetry needed.
  images: { unoptimized: true },
};

export default config;
