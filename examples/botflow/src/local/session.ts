import { createPrivateKey } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { TrafficTarget } from '../traffic/scenarios.js';
import { createDirectory, type DirectoryOptions, type DirectoryUser } from './directory.js';
import type { Standins } from './standins.js';

/**
 * What `botflow-standins` leaves for `botflow-traffic` in another terminal: the function's environment
 * and the signing keys. Written with mode 0600 under the git-ignored `.lambda-profiler/`.
 */
interface SessionFile {
  version: 1;
  env: Record<string, string>;
  hosts: Record<string, string>;
  teamsServiceUrl: string;
  directory: DirectoryOptions;
  returning: DirectoryUser[];
  keys: {
    slackSigningSecret: string;
    discordApplicationId: string;
    discordPrivateKeyPem: string;
    teamsAppId: string;
    teamsKid: string;
    teamsPrivateKeyPem: string;
    telegramSecretToken: string;
  };
}

export async function writeSession(file: string, standins: Standins, directory: DirectoryOptions): Promise<void> {
  const { secrets } = standins;
  const session: SessionFile = {
    version: 1,
    env: standins.env,
    hosts: standins.hosts,
    teamsServiceUrl: `${standins.urls.teams}/amer/`,
    directory,
    returning: standins.returning,
    keys: {
      slackSigningSecret: secrets.slack.signingSecret,
      discordApplicationId: secrets.discord.applicationId,
      discordPrivateKeyPem: secrets.discord.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      teamsAppId: secrets.teams.appId,
      teamsKid: secrets.teams.kid,
      teamsPrivateKeyPem: secrets.teams.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      telegramSecretToken: secrets.telegram.secretToken,
    },
  };
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(session, null, 2)}\n`, { mode: 0o600 });
}

export async function readSession(file: string): Promise<{ target: TrafficTarget; env: Record<string, string> }> {
  const session = JSON.parse(await readFile(file, 'utf8')) as SessionFile;
  if (session.version !== 1) throw new Error(`${file}: unknown session version ${String(session.version)}`);
  const { keys } = session;
  return {
    env: session.env,
    target: {
      secrets: {
        slack: { signingSecret: keys.slackSigningSecret, botToken: '' },
        discord: {
          applicationId: keys.discordApplicationId,
          publicKeyHex: '',
          privateKey: createPrivateKey(keys.discordPrivateKeyPem),
        },
        teams: {
          appId: keys.teamsAppId,
          appPassword: '',
          kid: keys.teamsKid,
          privateKey: createPrivateKey(keys.teamsPrivateKeyPem),
          jwks: { keys: [] },
        },
        telegram: { botToken: '', secretToken: keys.telegramSecretToken },
      },
      teamsServiceUrl: session.teamsServiceUrl,
      directory: createDirectory(session.directory),
      returning: session.returning,
    },
  };
}

/**
 * For a deployed function: the signing halves from the environment. Discord and Teams need a key pair
 * of your own, whose public half the deployed bot is configured with (a test app, never production's).
 */
export function targetFromEnv(env: Record<string, string | undefined>, directory: DirectoryOptions): TrafficTarget {
  const need = (name: string): string => {
    const value = env[name];
    if (value === undefined || value === '')
      throw new Error(`--url without --session needs ${name} in the environment`);
    return value;
  };
  return {
    secrets: {
      slack: { signingSecret: need('SLACK_SIGNING_SECRET'), botToken: '' },
      discord: {
        applicationId: need('DISCORD_APPLICATION_ID'),
        publicKeyHex: '',
        privateKey: createPrivateKey(need('DISCORD_PRIVATE_KEY_PEM')),
      },
      teams: {
        appId: need('TEAMS_APP_ID'),
        appPassword: '',
        kid: need('TEAMS_KEY_ID'),
        privateKey: createPrivateKey(need('TEAMS_PRIVATE_KEY_PEM')),
        jwks: { keys: [] },
      },
      telegram: { botToken: '', secretToken: need('TELEGRAM_SECRET_TOKEN') },
    },
    teamsServiceUrl: env.TEAMS_SERVICE_URL ?? 'https://smba.trafficmanager.net/amer/',
    directory: createDirectory(directory),
    returning: [],
  };
}
