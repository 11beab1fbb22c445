import { generateKeyPairSync, type KeyObject, randomBytes, randomInt } from 'node:crypto';
import { exportJWK, type JWK } from 'jose';

/**
 * Credentials for one local session, fresh each time: the bot gets the verifying half (signing secret,
 * public key, JWKS), the traffic generator the signing half. Shaped like the real ones so redaction is
 * exercised on realistic values.
 */
export interface LocalSecrets {
  slack: { signingSecret: string; botToken: string };
  discord: { applicationId: string; publicKeyHex: string; privateKey: KeyObject };
  teams: { appId: string; appPassword: string; kid: string; privateKey: KeyObject; jwks: { keys: JWK[] } };
  telegram: { botToken: string; secretToken: string };
  dailybot: { apiKey: string };
  openai: { apiKey: string };
}

function alnum(length: number): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (let i = 0; i < length; i++) out += chars[randomInt(chars.length)];
  return out;
}

function snowflake(): string {
  return `${(BigInt(Date.now() - 1420070400000) << 22n) | BigInt(randomInt(1 << 22))}`;
}

export async function createLocalSecrets(): Promise<LocalSecrets> {
  const discordKeys = generateKeyPairSync('ed25519');
  const rawPublic = discordKeys.publicKey.export({ format: 'jwk' }).x ?? '';
  const teamsKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = alnum(16);
  const jwk = { ...(await exportJWK(teamsKeys.publicKey)), kid, use: 'sig', alg: 'RS256' };
  return {
    slack: {
      signingSecret: randomBytes(16).toString('hex'),
      botToken: `xoxb-${randomInt(1e11, 9e11)}-${randomInt(1e12, 9e12)}-${alnum(24)}`,
    },
    discord: {
      applicationId: snowflake(),
      publicKeyHex: Buffer.from(rawPublic, 'base64url').toString('hex'),
      privateKey: discordKeys.privateKey,
    },
    teams: {
      appId: crypto.randomUUID(),
      appPassword: alnum(40),
      kid,
      privateKey: teamsKeys.privateKey,
      jwks: { keys: [jwk] },
    },
    telegram: { botToken: `${randomInt(1e9, 9e9)}:AA${alnum(33)}`, secretToken: alnum(32) },
    dailybot: { apiKey: alnum(40) },
    openai: { apiKey: `sk-proj-${alnum(48)}` },
  };
}
