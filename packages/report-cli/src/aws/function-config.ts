import { type FunctionConfiguration, GetFunctionConfigurationCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { CliError } from '../cli/errors.js';
import { describeAwsError, isAccessDenied, isNotFound } from './errors.js';

export interface FunctionConfigResult {
  /** The API output as returned, or null when not permitted. */
  configuration: FunctionConfiguration | null;
  notes: string[];
}

/**
 * Lambda GetFunctionConfiguration: memory, architecture, timeout, tracing mode, log group.
 * Access denied degrades to a note (the report then says what it could not know); an unknown
 * function is an error, since nothing else would find data for it.
 */
export async function fetchFunctionConfiguration(
  lambda: LambdaClient,
  functionName: string,
  qualifier: string | undefined,
  region: string,
): Promise<FunctionConfigResult> {
  try {
    const out = await lambda.send(
      new GetFunctionConfigurationCommand({
        FunctionName: functionName,
        ...(qualifier ? { Qualifier: qualifier } : {}),
      }),
    );
    const { $metadata: _metadata, ...configuration } = out;
    const notes: string[] = [];
    if (configuration.TracingConfig?.Mode !== 'Active') {
      notes.push(
        `Tracing mode of ${functionName} is ${configuration.TracingConfig?.Mode ?? 'not set'}: only requests that ` +
          'arrive with a sampled trace header are traced. Set it to Active (see `lambda-profiler check`).',
      );
    }
    return { configuration, notes };
  } catch (error) {
    if (isNotFound(error)) {
      const what = qualifier ? `${functionName}:${qualifier}` : functionName;
      throw new CliError(`function ${what} not found in ${region} (check --function, --qualifier and --region)`, {
        cause: error,
      });
    }
    if (isAccessDenied(error)) {
      return {
        configuration: null,
        notes: [
          'lambda:GetFunctionConfiguration was denied: memory size, architecture and timeout come from the REPORT ' +
            'lines where possible; the tracing mode is unknown.',
        ],
      };
    }
    throw describeAwsError(error, 'lambda:GetFunctionConfiguration');
  }
}
