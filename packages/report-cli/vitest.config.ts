import { readFileSync } from 'node:fs';
import { defineProject } from 'vitest/config';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineProject({
  define: { __CLI_VERSION__: JSON.stringify(pkg.version) },
  test: {
    name: 'report-cli',
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    // End-to-end tests spawn processes; on a loaded 2-core machine they take seconds, not ms.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
