import type { DirectoryTeam, DirectoryUser } from '../../src/local/directory.js';
import type { Platform } from '../../src/model.js';
import { webhookBody } from '../../src/traffic/payloads.js';
import { signWebhook, specFor, type TrafficTarget } from '../../src/traffic/scenarios.js';

export interface SignedRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
}

export function seededUser(
  target: TrafficTarget,
  platform: Platform,
  index = 0,
): { user: DirectoryUser; team: DirectoryTeam } {
  const user = target.returning.filter((u) => u.platform === platform)[index];
  const team = target.directory.teams.find((t) => t.teamId === user?.teamId);
  if (user === undefined || team === undefined) throw new Error(`no seeded ${platform} user #${index}`);
  return { user, team };
}

let fresh = 0;

/** A user the bot has never seen, in a seeded team (so channel configuration exists). */
export function newUser(target: TrafficTarget, platform: Platform): { user: DirectoryUser; team: DirectoryTeam } {
  const team = target.directory.forPlatform(platform)[0];
  if (team === undefined) throw new Error(`no ${platform} team`);
  fresh += 1;
  const userId = {
    slack: `U0NEW${fresh}X`,
    discord: `${900000000000000000n + BigInt(fresh)}`,
    teams: `29:1new-${fresh}`,
    telegram: `${8_000_000_000 + fresh}`,
  }[platform];
  return { team, user: { platform, teamId: team.teamId, userId, name: 'Nova Tester', username: 'nova.tester' } };
}

export async function signedMessage(
  target: TrafficTarget,
  who: { user: DirectoryUser; team: DirectoryTeam },
  text: string,
): Promise<SignedRequest> {
  const body = webhookBody(specFor(target, who.team, who.user, text));
  const headers = { 'content-type': body.contentType, ...(await signWebhook(target, who.user.platform, body.body)) };
  return { path: body.path, headers, body: body.body };
}
