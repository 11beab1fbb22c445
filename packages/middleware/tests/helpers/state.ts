import { resetConfiguredMemory } from '../../src/collectors/memory.js';
import { resetDefaultOnError } from '../../src/options.js';
import { resetOpenRecordings } from '../../src/recording/current.js';
import { globalState } from '../../src/recording/global-state.js';

/** A fresh execution environment: the process-wide state as a new Lambda process has it. */
export function freshEnvironment(): void {
  const state = globalState();
  state.invocations = 0;
  state.initEmitted = false;
  state.initReadyMs = 0;
  state.importWindow = null;
  state.modules = [];
  state.registerActive = false;
  state.initMarks = [];
  state.sdkClientInitMs = 0;
  state.firstCallSetupMs = null;
  resetOpenRecordings();
  resetDefaultOnError();
  resetConfiguredMemory();
}

export const lambdaContext = (requestId: string) => ({
  awsRequestId: requestId,
  functionName: 'fn',
  getRemainingTimeInMillis: () => 30_000,
});
