import { fileURLToPath } from 'node:url';

/** Absolute path of a committed fixture. */
export function fixture(path: string): string {
  return fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url));
}

export const FIXED_TIME = '2026-01-15T12:00:00.000Z';
