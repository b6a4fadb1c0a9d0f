import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // A cold PGlite migration takes several seconds; PostgreSQL template creation too.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
