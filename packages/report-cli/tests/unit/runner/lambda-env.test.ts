import { describe, expect, it } from 'vitest';
import { buildLambdaEnv, heapLimitMb, runtimeName } from '../../../src/runner/lambda-env.js';

const input = {
  functionName: 'orders',
  memoryMb: 512,
  handler: 'dist/handler.handler',
  taskRoot: '/srv/app',
  region: 'eu-west-1',
  daemonAddress: '127.0.0.1:40000',
  runtime: 'nodejs24.x',
  userEnv: { TABLE: 'orders', AWS_LAMBDA_FUNCTION_NAME: 'not-allowed' },
  base: {
    PATH: '/usr/bin',
    NODE_OPTIONS: '--import @lambda-profiler/middleware/register',
    AWS_SAM_LOCAL: 'true',
    AWS_LAMBDA_MAX_CONCURRENCY: '4',
    _X_AMZN_TRACE_ID: 'Root=stale',
  },
};

describe('buildLambdaEnv', () => {
  it('sets the variables Lambda sets, over the runner environment and --env', () => {
    const env = buildLambdaEnv(input);
    expect(env).toMatchObject({
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
      AWS_LAMBDA_FUNCTION_NAME: 'orders',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
      AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/orders',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_REGION: 'eu-west-1',
      AWS_XRAY_DAEMON_ADDRESS: '127.0.0.1:40000',
      AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
      LAMBDA_TASK_ROOT: '/srv/app',
      _HANDLER: 'dist/handler.handler',
      TABLE: 'orders',
      PATH: '/usr/bin',
      NODE_OPTIONS: '--import @lambda-profiler/middleware/register',
    });
  });

  it('drops variables that would switch tracing off or to another context mode', () => {
    const env = buildLambdaEnv(input);
    expect(env).not.toHaveProperty('AWS_SAM_LOCAL');
    expect(env).not.toHaveProperty('AWS_LAMBDA_MAX_CONCURRENCY');
    expect(env).not.toHaveProperty('_X_AMZN_TRACE_ID');
  });

  it('sizes the heap in proportion to the memory and names the runtime after the Node major', () => {
    expect(heapLimitMb(1024)).toBe(921);
    expect(heapLimitMb(128)).toBe(115);
    expect(runtimeName('v22.14.0')).toBe('nodejs22.x');
  });
});
