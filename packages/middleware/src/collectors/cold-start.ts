import type { InitializationType } from '../contract/types.js';

const KNOWN: readonly InitializationType[] = [
  'on-demand',
  'provisioned-concurrency',
  'snap-start',
  'lambda-managed-instances',
];

/** `AWS_LAMBDA_INITIALIZATION_TYPE`, or `unknown` outside Lambda. */
export function initializationType(): InitializationType {
  const raw = process.env.AWS_LAMBDA_INITIALIZATION_TYPE as InitializationType | undefined;
  return raw && KNOWN.includes(raw) ? raw : 'unknown';
}

/**
 * Whether the first invocation of an environment waited for its init. Provisioned concurrency and
 * SnapStart restores initialize ahead of traffic, and so do Lambda Managed Instances: not cold.
 */
export function isColdStart(invocationIndex: number, initType: InitializationType): boolean {
  return invocationIndex === 1 && (initType === 'on-demand' || initType === 'unknown');
}
