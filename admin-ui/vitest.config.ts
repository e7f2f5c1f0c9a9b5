import { defineConfig } from 'vitest/config';

// Unit and component tests (src/**/*.test.ts[x]) in jsdom; the browser tests are scripts/e2e.mjs.
export default defineConfig({
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    restoreMocks: true,
    setupFiles: ['src/test-setup.ts'],
  },
});
