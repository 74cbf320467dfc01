import { defineConfig } from 'drizzle-kit';

// Used only by `npm run db:generate` to write SQL migrations from server/db/schema.
export default defineConfig({
  dialect: 'sqlite',
  schema: './server/db/schema/index.ts',
  out: './migrations',
});
