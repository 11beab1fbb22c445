export interface LambdaEnvInput {
  functionName: string;
  memoryMb: number;
  /** `_HANDLER` */
  handler: string;
  taskRoot: string;
  region: string;
  /** `host:port` of the built-in X-Ray daemon. */
  daemonAddress: string;
  /** e.g. `nodejs24.x` */
  runtime: string;
  /** `--env KEY=VALUE` pairs. */
  userEnv: Record<string, string>;
  /** The runner's own environment (PATH, NODE_OPTIONS, credentials for local endpoints...). */
  base: NodeJS.ProcessEnv;
}

/**
 * Variables that would make the function believe it is somewhere else: SAM local disables the
 * Powertools Tracer; a max concurrency switches Powertools to the InvokeStore, which this runtime does
 * not provide; a stale trace id would attach init-time work to a foreign trace.
 */
const DROPPED = ['AWS_SAM_LOCAL', 'AWS_LAMBDA_MAX_CONCURRENCY', '_X_AMZN_TRACE_ID', 'AWS_LAMBDA_RUNTIME_API'];

/**
 * The environment of every execution environment: the runner's own (so `NODE_OPTIONS` such as
 * `--import @lambda-profiler/middleware/register` apply), then `--env`, then the variables Lambda sets
 * itself. The X-Ray SDK and Powertools only trace when these say "Lambda" (runtime-notes.md).
 */
export function buildLambdaEnv(input: LambdaEnvInput): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...input.base, ...input.userEnv };
  for (const name of DROPPED) delete env[name];
  return {
    ...env,
    AWS_EXECUTION_ENV: `AWS_Lambda_${input.runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: input.functionName,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(input.memoryMb),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${input.functionName}`,
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_REGION: input.region,
    AWS_DEFAULT_REGION: input.region,
    AWS_XRAY_DAEMON_ADDRESS: input.daemonAddress,
    AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
    LAMBDA_TASK_ROOT: input.taskRoot,
    LAMBDA_RUNTIME_DIR: input.taskRoot,
    _HANDLER: input.handler,
    TZ: ':UTC',
  };
}

/** Lambda's Node.js runtimes size V8's old space from the memory setting; locally: 90 % of it. */
export function heapLimitMb(memoryMb: number): number {
  return Math.max(64, Math.floor(memoryMb * 0.9));
}

/** `nodejs24.x` for the Node.js major version the runner runs on. */
export function runtimeName(nodeVersion: string = process.version): string {
  return `nodejs${nodeVersion.replace(/^v/, '').split('.')[0]}.x`;
}
