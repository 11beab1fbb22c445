import { describe, expect, it } from 'vitest';
import { createDirectory, DEFAULT_DIRECTORY } from '../src/local/directory.js';
import { createLocalSecrets } from '../src/local/secrets.js';
import { PLATFORMS } from '../src/model.js';
import { verifyDiscordRequest } from '../src/platforms/discord.js';
import { verifySlackRequest } from '../src/platforms/slack.js';
import { verifyTelegramRequest } from '../src/platforms/telegram.js';
import { buildTraffic, SCENARIO_HEADER, SCENARIOS, type TrafficTarget } from '../src/traffic/scenarios.js';

async function target(): Promise<TrafficTarget> {
  const directory = createDirectory({ ...DEFAULT_DIRECTORY, teamsPerPlatform: 2 });
  return {
    secrets: await createLocalSecrets(),
    teamsServiceUrl: 'https://127.0.0.4:4443/amer/',
    directory,
    returning: directory.teams.flatMap((team) => team.users.slice(0, 3)),
  };
}

describe('traffic generator', () => {
  it('sends 120 requests by default mix: 30 per platform, every scenario on every platform', async () => {
    const requests = await buildTraffic(await target(), { count: 120, seed: 1 });
    expect(requests).toHaveLength(120);
    for (const platform of PLATFORMS) {
      const mine = requests.filter((r) => r.platform === platform);
      expect(mine, platform).toHaveLength(30);
      expect(new Set(mine.map((r) => r.scenario)), platform).toEqual(new Set(SCENARIOS));
      for (const request of mine) expect(request.headers[SCENARIO_HEADER]).toBe(request.scenario);
    }
  });

  it('signs what must verify and forges what must not', async () => {
    const t = await target();
    const requests = await buildTraffic(t, { count: 60, seed: 2, platforms: ['slack', 'discord', 'telegram'] });
    const now = Math.floor(Date.now() / 1000);
    for (const request of requests) {
      const webhook = { method: 'POST', path: request.path, headers: request.headers, rawBody: request.body };
      const verdict =
        request.platform === 'slack'
          ? verifySlackRequest(t.secrets.slack.signingSecret, webhook, now)
          : request.platform === 'discord'
            ? verifyDiscordRequest(t.secrets.discord.publicKeyHex, webhook)
            : verifyTelegramRequest(t.secrets.telegram.secretToken, webhook);
      expect(verdict.ok, `${request.platform} ${request.scenario}`).toBe(request.scenario !== 'error-bad-signature');
    }
  });

  it('keeps the mix when asked for fewer requests (at least 50 cover all platforms)', async () => {
    const requests = await buildTraffic(await target(), { count: 50, seed: 3 });
    expect(new Set(requests.map((r) => r.platform))).toEqual(new Set(PLATFORMS));
    expect(new Set(requests.map((r) => r.scenario)).size).toBeGreaterThanOrEqual(8);
  });

  it('knows the returning users the seeder writes without building the seed items', async () => {
    const { buildSeedItems, returningUsers } = await import('../src/local/seed.js');
    const directory = createDirectory({ ...DEFAULT_DIRECTORY, teamsPerPlatform: 1 });
    const options = {
      seed: 1,
      returningPerTeam: 2,
      memoryEntries: [2, 4] as [number, number],
      turnsPerUser: [1, 1] as [number, number],
    };
    expect(returningUsers(directory, options)).toEqual(buildSeedItems(directory, options).returning);
    expect(returningUsers(directory, options)).toHaveLength(8);
  });
});
