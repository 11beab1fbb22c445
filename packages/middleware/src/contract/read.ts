import { METADATA_NAMESPACE } from './names.js';
import type { ProfilerMetadata } from './types.js';

/**
 * Returns the `lambda-profiler` metadata of an X-Ray segment or subsegment document, or undefined.
 * Structural only (no validation): readers validate with `metadataSchema` where they need to.
 */
export function readProfilerMetadata(document: unknown): ProfilerMetadata | undefined {
  if (typeof document !== 'object' || document === null) return undefined;
  const metadata = (document as { metadata?: unknown }).metadata;
  if (typeof metadata !== 'object' || metadata === null) return undefined;
  const value = (metadata as Record<string, unknown>)[METADATA_NAMESPACE];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return value as ProfilerMetadata;
}
