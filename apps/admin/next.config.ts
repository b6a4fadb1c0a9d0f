import type { NextConfig } from 'next';
import { securityHeaders } from './src/config/security-headers';

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  typedRoutes: false,
  // Workspace packages ship TypeScript source; only types come from @repay/engine.
  transpilePackages: ['@repay/rules'],
  // The console runs next to the engine on one machine; no image optimisation needed.
  images: { unoptimized: true },
  // /trpc/* is forwarded to the engine by src/app/trpc/[...path]/route.ts, which reads
  // REPAY_ENGINE_URL (src/env.ts) at run time: a rewrite here would be frozen into the build.
  // eslint-disable-next-line @typescript-eslint/require-await -- Next's signature is async
  async headers() {
    return [
      {
        source: '/:path*',
        headers: securityHeaders(process.env.NODE_ENV !== 'production'),
      },
    ];
  },
};

export default config;
