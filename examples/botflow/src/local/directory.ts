import type { Platform } from '../model.js';
import { createRandom, type Random } from './random.js';
import { personName, textBank } from './text.js';

/**
 * The fictional workspaces the stand-ins know: teams, channels and users on every platform, with ids
 * in each platform's own format. Deterministic from a seed, so the seeder and the traffic generator
 * agree on who exists without sharing files.
 */
export interface DirectoryUser {
  platform: Platform;
  teamId: string;
  userId: string;
  name: string;
  username: string;
}

export interface DirectoryChannel {
  platform: Platform;
  teamId: string;
  channelId: string;
  name: string;
  standup: boolean;
  checkinUuid: string;
  members: string[];
}

export interface DirectoryTeam {
  platform: Platform;
  teamId: string;
  name: string;
  /** Teams: the Azure AD tenant. */
  tenantId: string;
  checkinUuid: string;
  channels: DirectoryChannel[];
  users: DirectoryUser[];
}

export interface DirectoryOptions {
  seed: number;
  teamsPerPlatform: number;
  channelsPerTeam: number;
  usersPerTeam: number;
}

export const DEFAULT_DIRECTORY: DirectoryOptions = {
  seed: 8,
  teamsPerPlatform: 10,
  channelsPerTeam: 8,
  usersPerTeam: 8,
};

const ALNUM = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';

function slackId(random: Random, prefix: string): string {
  let id = prefix;
  for (let i = 0; i < 9; i++) id += ALNUM[random.int(0, ALNUM.length - 1)];
  return id;
}

function snowflake(random: Random): string {
  const ms = BigInt(1_600_000_000_000 + random.int(0, 150_000_000_000) - 1_420_070_400_000);
  return String((ms << 22n) | BigInt(random.int(0, 4_194_303)));
}

function uuid(random: Random): string {
  const h = random.hex(32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function ids(random: Random, platform: Platform) {
  switch (platform) {
    case 'slack':
      return {
        team: () => slackId(random, 'T0'),
        channel: () => slackId(random, 'C0'),
        user: () => slackId(random, 'U0'),
      };
    case 'discord':
      return { team: () => snowflake(random), channel: () => snowflake(random), user: () => snowflake(random) };
    case 'teams':
      return {
        team: () => `19:${random.hex(32)}@thread.tacv2`,
        channel: () => `19:${random.hex(32)}@thread.tacv2`,
        user: () => `29:1${Buffer.from(random.hex(30), 'hex').toString('base64url')}`,
      };
    case 'telegram': {
      const group = () => `-100${random.int(1_000_000_000, 2_999_999_999)}`;
      return { team: group, channel: group, user: () => String(random.int(100_000_000, 7_999_999_999)) };
    }
  }
}

export interface Directory {
  teams: DirectoryTeam[];
  forPlatform(platform: Platform): DirectoryTeam[];
}

export function createDirectory(options: DirectoryOptions = DEFAULT_DIRECTORY): Directory {
  const random = createRandom(options.seed);
  const teams: DirectoryTeam[] = [];
  for (const platform of ['slack', 'discord', 'teams', 'telegram'] as const) {
    const make = ids(random, platform);
    for (let t = 0; t < options.teamsPerPlatform; t++) {
      const teamId = make.team();
      const users: DirectoryUser[] = [];
      for (let u = 0; u < options.usersPerTeam; u++) {
        const { first, last } = personName(random);
        users.push({
          platform,
          teamId,
          userId: make.user(),
          name: `${first} ${last}`,
          username: `${first}.${last}`.toLowerCase(),
        });
      }
      // A Telegram group chat is its own "team" with a single channel.
      const channelCount = platform === 'telegram' ? 1 : options.channelsPerTeam;
      const channels: DirectoryChannel[] = [];
      for (let c = 0; c < channelCount; c++) {
        const memberCount = random.int(60, 260);
        const members = users.map((user) => user.userId);
        while (members.length < memberCount) members.push(make.user());
        channels.push({
          platform,
          teamId,
          channelId: platform === 'telegram' ? teamId : make.channel(),
          name: c === 0 ? 'standup' : `${random.pick(textBank.CHANNELS)}-${c}`,
          standup: c === 0 || random.chance(0.3),
          checkinUuid: uuid(random),
          members,
        });
      }
      teams.push({
        platform,
        teamId,
        name: `${random.pick(textBank.TEAMS)} ${platform === 'telegram' ? 'group' : 'workspace'} ${t + 1}`,
        tenantId: uuid(random),
        checkinUuid: uuid(random),
        channels,
        users,
      });
    }
  }
  return { teams, forPlatform: (platform) => teams.filter((team) => team.platform === platform) };
}

/**
 * Users whose state item sits on a throttled partition: the DynamoDB proxy answers every request that
 * names one of them with ProvisionedThroughputExceededException (the throttling scenario).
 */
export const THROTTLED_USERS: Record<Platform, string> = {
  slack: 'U0HOTPART1',
  discord: '429429429429429429',
  teams: '29:1hot-partition-429',
  telegram: '4294294290',
};
