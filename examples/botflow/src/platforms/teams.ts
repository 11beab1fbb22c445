import { createRemoteJWKSet, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { json, type WebhookRequest } from '../http/function-url.js';
import { classify } from '../model.js';
import {
  asRecord,
  asString,
  invalid,
  type PlatformAdapter,
  type PlatformDeps,
  parseJson,
  rejectWith,
  type Verdict,
} from './types.js';

const jwksByUrl = new Map<string, JWTVerifyGetKey>();

/** jose caches the key set per URL and refetches on an unknown `kid` (Bot Framework rotates keys). */
function keySet(url: string): JWTVerifyGetKey {
  let set = jwksByUrl.get(url);
  if (set === undefined) {
    set = createRemoteJWKSet(new URL(url), { timeoutDuration: 3000, cooldownDuration: 30_000 });
    jwksByUrl.set(url, set);
  }
  return set;
}

/**
 * Bot Framework → bot requests carry `Authorization: Bearer <JWT>` signed (RS256) by a key of the Bot
 * Framework JWKS, issued by `https://api.botframework.com`, with the bot's app id as audience and the
 * activity's `serviceUrl` as a claim (checked in `parse`, once the body is read).
 */
export async function verifyTeamsRequest(
  request: WebhookRequest,
  options: { appId: string; issuer: string; keys: JWTVerifyGetKey },
): Promise<Verdict> {
  if (options.appId === '') return rejectWith(500, 'TEAMS_APP_ID is not configured');
  const header = request.headers.authorization ?? '';
  const match = /^Bearer (\S+)$/.exec(header);
  if (match?.[1] === undefined) return rejectWith(401, 'missing bearer token');
  try {
    const { payload } = await jwtVerify(match[1], options.keys, {
      issuer: options.issuer,
      audience: options.appId,
      algorithms: ['RS256'],
      clockTolerance: 300,
    });
    return { ok: true, claims: payload as Record<string, unknown> };
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'ERR_JWT_INVALID';
    // An unreachable key set is our outage, not the caller's fault.
    if (code === 'ERR_JWKS_TIMEOUT' || code === 'ERR_JOSE_GENERIC') return rejectWith(503, `JWKS unavailable: ${code}`);
    return rejectWith(401, `invalid bearer token: ${code}`);
  }
}

/** Client-credentials token for replies; cached until a minute before it expires. */
let cachedToken: { value: string; expiresAt: number } | undefined;

async function connectorToken(deps: PlatformDeps): Promise<string> {
  if (cachedToken !== undefined && cachedToken.expiresAt > Date.now()) return cachedToken.value;
  const { teams } = deps.config;
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: teams.appId,
    client_secret: teams.appPassword,
    scope: 'https://api.botframework.com/.default',
  });
  const { body } = await deps.http.request<{ access_token: string; expires_in: number }>(teams.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  cachedToken = { value: body.access_token, expiresAt: Date.now() + (body.expires_in - 60) * 1000 };
  return cachedToken.value;
}

function stripMentions(text: string): string {
  return text.replace(/<at>[^<]*<\/at>/g, '').trim();
}

export const teams: PlatformAdapter = {
  platform: 'teams',
  async verify(request, deps) {
    const { appId, issuer, jwksUrl } = deps.config.teams;
    return verifyTeamsRequest(request, { appId, issuer, keys: keySet(jwksUrl) });
  },
  parse(request, verdict) {
    const activity = parseJson(request.rawBody);
    if (activity === undefined) return invalid('Teams activity is not a JSON object');
    const serviceUrl = asString(activity.serviceUrl);
    if (serviceUrl === undefined) return invalid('activity without serviceUrl');
    // A token issued for another service URL must not make the bot post there.
    const claimed = asString(verdict.claims?.serviceurl);
    if (claimed !== undefined && claimed.replace(/\/$/, '') !== serviceUrl.replace(/\/$/, '')) {
      return invalid('serviceUrl does not match the token', 401);
    }
    if (activity.type !== 'message') return { kind: 'ignore', reason: `activity ${String(activity.type)}` };
    const from = asRecord(activity.from);
    const conversation = asRecord(activity.conversation);
    const recipient = asRecord(activity.recipient);
    const channelData = asRecord(activity.channelData);
    const id = asString(activity.id);
    const userId = asString(from?.id);
    const conversationId = asString(conversation?.id);
    if (id === undefined || userId === undefined || conversationId === undefined || typeof activity.text !== 'string') {
      return invalid('message activity without id/from/conversation/text');
    }
    const text = stripMentions(activity.text);
    const { intent, args } = classify(text);
    const teamId =
      asString(asRecord(channelData?.team)?.id) ??
      asString(conversation?.tenantId) ??
      asString(asRecord(channelData?.tenant)?.id) ??
      'personal';
    return {
      kind: 'message',
      message: {
        platform: 'teams',
        eventId: id,
        teamId,
        channelId: conversationId,
        userId,
        userName: asString(from?.name) ?? userId,
        text,
        intent,
        args,
        reply: {
          platform: 'teams',
          serviceUrl,
          conversationId,
          activityId: id,
          bot: { id: asString(recipient?.id) ?? '', name: asString(recipient?.name) ?? 'botflow' },
          user: { id: userId, name: asString(from?.name) ?? '' },
        },
        receivedAt: new Date().toISOString(),
      },
    };
  },
  async deliver(message, text, deps) {
    if (message.reply.platform !== 'teams') throw new Error('not a Teams message');
    const { serviceUrl, conversationId, activityId, bot, user } = message.reply;
    const token = await connectorToken(deps);
    const base = serviceUrl.endsWith('/') ? serviceUrl : `${serviceUrl}/`;
    const url = `${base}v3/conversations/${encodeURIComponent(conversationId)}/activities/${encodeURIComponent(activityId)}`;
    await deps.http.request(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: {
        type: 'message',
        from: bot,
        recipient: user,
        conversation: { id: conversationId },
        replyToId: activityId,
        text,
        textFormat: 'markdown',
      },
    });
    return json(200, {});
  },
};
