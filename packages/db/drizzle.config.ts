import { defineConfig } from 'drizzle-kit';

// Migrations are generated (never pushed) and committed; `migrate()` applies them.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/schema/index.ts',
  out: './drizzle',
  strict: true,
  verbose: true,
});
