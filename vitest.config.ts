import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'guard',
          include: ['tests/**/*.test.ts'],
          setupFiles: ['tests/_utils/setup.ts'],
          testTimeout: 60_000,
        },
      },
      'fixtures/backend/vitest.config.ts',
    ],
  },
});
