import { type KeyObject, sign } from 'node:crypto';
import { SignJWT } from 'jose';
import { slackSignature } from '../platforms/slack.js';

/** Headers that authenticate one webhook body, as each platform would send them. */
export type SignedHeaders = Record<string, string>;

export function signSlack(signingSecret: string, body: string, nowS = Math.floor(Date.now() / 1000)): SignedHeaders {
  const timestamp = String(nowS);
  return {
    'x-slack-request-timestamp': timestamp,
    'x-slack-signature': slackSignature(signingSecret, timestamp, body),
  };
}

export function signDiscord(privateKey: KeyObject, body: string, nowS = Math.floor(Date.now() / 1000)): SignedHeaders {
  const timestamp = String(nowS);
  return {
    'x-signature-timestamp': timestamp,
    'x-signature-ed25519': sign(null, Buffer.from(timestamp + body), privateKey).toString('hex'),
  };
}

export async function signTeams(options: {
  privateKey: KeyObject;
  kid: string;
  appId: string;
  serviceUrl: string;
  issuer?: string;
}): Promise<SignedHeaders> {
  const token = await new SignJWT({ serviceurl: options.serviceUrl })
    .setProtectedHeader({ alg: 'RS256', kid: options.kid, typ: 'JWT' })
    .setIssuer(options.issuer ?? 'https://api.botframework.com')
    .setAudience(options.appId)
    .setIssuedAt()
    .setNotBefore('-5m')
    .setExpirationTime('1h')
    .sign(options.privateKey);
  return { authorization: `Bearer ${token}` };
}

export function signTelegram(secretToken: string): SignedHeaders {
  return { 'x-telegram-bot-api-secret-token': secretToken };
}
