import { arch, cpus } from 'node:os';
import type { RunEnvironment, RunManifest } from '../contracts/run-folder.js';
import { runManifestSchemaId } from '../contracts/run-folder.js';
import type { ExecutionEnvironment } from './environment.js';

export interface RunCounts {
  invocations: number;
  coldStarts: number;
  /** Every failed invocation: function errors, timeouts, crashes and init failures. */
  errors: number;
  timeouts: number;
  crashes: number;
}

export interface ManifestInput {
  function: RunManifest['function'];
  mode: RunManifest['mode'];
  startedAtMs: number;
  endedAtMs: number;
  counts: RunCounts;
  concurrency: number;
  environments: readonly ExecutionEnvironment[];
  collector: { documents: number; invalid: number };
  heapMb: number;
}

const iso = (ms: number) => new Date(ms).toISOString();
const round2 = (value: number) => Math.round(value * 100) / 100;

/** Lambda gives a function one vCPU at 1,769 MB, in proportion below and above. */
export function lambdaVcpus(memoryMb: number): number {
  return memoryMb / 1769;
}

export function environmentRecord(environment: ExecutionEnvironment): RunEnvironment {
  const init = environment.initDurationMs;
  return {
    logStream: environment.logStream,
    startedAt: iso(environment.startedAtMs),
    endedAt: environment.endedAtMs === null ? null : iso(environment.endedAtMs),
    initDurationMs: init === null ? null : round2(init),
    requestIds: [...environment.requestIds],
    endReason: environment.endReason,
  };
}

/** `run.json` (contract: src/contracts/run-folder.ts). */
export function buildRunManifest(input: ManifestInput): RunManifest {
  const cpu = cpus();
  const notes = [
    `Local CPU is not scaled to the memory size: durations reflect this machine (${cpu.length} × ${
      cpu[0]?.model.trim() ?? 'unknown CPU'
    }), while Lambda gives ${input.function.memoryMb} MB about ${lambdaVcpus(input.function.memoryMb).toFixed(2)} vCPU.`,
    `Memory is limited only through V8's old space (--max-old-space-size=${input.heapMb}); Lambda also caps the RSS at ${input.function.memoryMb} MB.`,
  ];
  const localArch = arch() === 'arm64' ? 'arm64' : 'x86_64';
  if (localArch !== input.function.architecture) {
    notes.push(`Ran on ${localArch}; the architecture ${input.function.architecture} only labels the run.`);
  }
  return {
    $schema: runManifestSchemaId,
    kind: 'lambda-profiler-run',
    v: 1,
    function: input.function,
    mode: input.mode,
    startedAt: iso(input.startedAtMs),
    endedAt: iso(input.endedAtMs),
    counts: { ...input.counts },
    concurrency: input.concurrency,
    environments: input.environments.map(environmentRecord),
    collector: input.collector,
    cpuScaledToMemory: false,
    notes,
  };
}
