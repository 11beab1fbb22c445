export { defaultBootstrapPath } from './bootstrap-path.js';
export { ExecutionEnvironment, type InvocationOutcome } from './environment.js';
export { readEvents } from './events.js';
export { startFunctionUrlServer, toFunctionUrlEvent, toHttpResponse } from './function-url.js';
export { type ResolvedHandler, resolveHandler } from './handler-spec.js';
export {
  type InvocationResult,
  type InvocationStatus,
  LOCAL_ACCOUNT_ID,
  type RunConfig,
  RunSession,
} from './run-session.js';
