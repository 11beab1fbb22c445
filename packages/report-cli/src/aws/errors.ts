import { CliError } from '../cli/errors.js';

interface AwsErrorShape {
  name?: string;
  message?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number };
}

const ACCESS_DENIED = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation', 'NotAuthorized']);
const BAD_CREDENTIALS = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'ExpiredTokenException',
  'ExpiredToken',
]);

export function awsErrorName(error: unknown): string {
  const e = error as AwsErrorShape;
  return e?.name ?? e?.Code ?? '';
}

export function isAccessDenied(error: unknown): boolean {
  const e = error as AwsErrorShape;
  return ACCESS_DENIED.has(awsErrorName(error)) || e?.$metadata?.httpStatusCode === 403;
}

export function isNotFound(error: unknown): boolean {
  return awsErrorName(error) === 'ResourceNotFoundException';
}

function firstLine(message: string | undefined): string {
  return (message ?? '').split('\n')[0]!.trim();
}

/**
 * One clear line for the errors every AWS call can hit: no credentials, no region, bad or expired
 * credentials, access denied (naming the IAM action), throttling that outlasted the retries.
 * Anything else keeps the SDK's message, prefixed with the action that failed.
 */
export function describeAwsError(error: unknown, action: string): CliError {
  if (error instanceof CliError) return error;
  const e = error as AwsErrorShape;
  const name = awsErrorName(error);
  const message = firstLine(e?.message);
  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(message)) {
    return new CliError(
      'no AWS credentials found: set AWS_PROFILE or pass --profile, set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, ' +
        'or run `aws sso login`',
      { cause: error },
    );
  }
  if (/region is missing/i.test(message)) {
    return new CliError('no AWS region: pass --region or set AWS_REGION', { cause: error });
  }
  if (BAD_CREDENTIALS.has(name)) {
    return new CliError(`AWS rejected the credentials (${name}) calling ${action}: ${message}`, { cause: error });
  }
  if (isAccessDenied(error)) {
    return new CliError(
      `access denied: ${action} is not allowed for these credentials (see docs/aws.md for the policy)`,
      {
        cause: error,
      },
    );
  }
  if (/throttl|too ?many ?requests|rate exceeded/i.test(`${name} ${message}`)) {
    return new CliError(`${action} is throttled by AWS even after retries; try again later or set AWS_MAX_ATTEMPTS`, {
      cause: error,
    });
  }
  return new CliError(`${action} failed: ${name ? `${name}: ` : ''}${message || String(error)}`, { cause: error });
}
