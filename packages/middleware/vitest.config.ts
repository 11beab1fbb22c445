import { readFileSync } from 'node:fs';
import { defineProject } from 'vitest/config';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineProject({
  define: { __PROFILER_VERSION__: JSON.stringify(pkg.version) },
  test: {
    name: 'middleware',
    include: ['tests/**/*.test.ts'],
    environment: 'node',
  },
});
