import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FunctionUrlEvent, FunctionUrlResult } from '../../src/http/function-url.js';
import { functionUrlEvent, type LambdaHandler, lambdaContext } from '../../src/local/function-url.js';
import { type Standins, type StandinsOptions, startStandins } from '../../src/local/standins.js';
import { trustInProcess } from '../../src/local/tls.js';
import type { TrafficRequest, TrafficTarget } from '../../src/traffic/scenarios.js';

/** Small data and no artificial latency: tests check behaviour, the demo measures. */
export const FAST: Omit<StandinsOptions, 'dir'> = {
  rttMs: [0, 1],
  latencyScale: 0,
  hangMs: 3_000,
  directory: { seed: 3, teamsPerPlatform: 2, channelsPerTeam: 4, usersPerTeam: 4 },
  seedData: { seed: 5, returningPerTeam: 3, memoryEntries: [20, 40], turnsPerUser: [2, 5] },
  dynamo: { medianMs: 0.5, sigma: 0.1 },
};

export interface LocalBot {
  standins: Standins;
  target: TrafficTarget;
  dir: string;
  stop(): Promise<void>;
}

/** Stand-ins plus the environment of the real handler module, set on this process. */
export async function startLocalBot(options: Partial<StandinsOptions> = {}): Promise<LocalBot> {
  const dir = await mkdtemp(join(tmpdir(), 'botflow-test-'));
  const standins = await startStandins({ ...FAST, ...options, dir });
  trustInProcess(standins.tls.caPem);
  const saved = { ...process.env };
  Object.assign(process.env, standins.env, { BOTFLOW_HTTP_TIMEOUT_MS: '1500', POWERTOOLS_METRICS_DISABLED: 'true' });
  return {
    standins,
    dir,
    target: {
      secrets: standins.secrets,
      teamsServiceUrl: `${standins.urls.teams}/amer/`,
      directory: standins.directory,
      returning: standins.returning,
    },
    async stop() {
      await standins.stop();
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export function eventOf(request: Pick<TrafficRequest, 'path' | 'headers' | 'body'>): FunctionUrlEvent {
  return functionUrlEvent({ method: 'POST', path: request.path, headers: request.headers, body: request.body });
}

export async function invoke(
  handler: LambdaHandler,
  request: Pick<TrafficRequest, 'path' | 'headers' | 'body'>,
): Promise<FunctionUrlResult> {
  return handler(eventOf(request), lambdaContext());
}
