import { randomBytes } from 'node:crypto';
import type { JWK } from 'jose';
import type { Route, StandinReply } from '../https-standin.js';

/**
 * The three Microsoft endpoints a Teams bot talks to, on one stand-in: the Bot Framework JWKS
 * (login.botframework.com), the client-credentials token endpoint (login.microsoftonline.com) and the
 * connector's reply endpoint (smba.trafficmanager.net/<region>/v3/conversations/…).
 */
export function teamsApiRoutes(options: { appId: string; appPassword: string; jwks: { keys: JWK[] } }): Route[] {
  const issued = new Set<string>();
  return [
    {
      method: 'GET',
      pattern: /^\/v1\/\.well-known\/keys$/,
      handle: () => ({ status: 200, body: options.jwks }),
    },
    {
      method: 'POST',
      pattern: /^\/botframework\.com\/oauth2\/v2\.0\/token$/,
      handle(request): StandinReply {
        const form = new URLSearchParams(request.body);
        if (form.get('client_id') !== options.appId || form.get('client_secret') !== options.appPassword) {
          return {
            status: 401,
            body: { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' },
          };
        }
        const token = `eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.${randomBytes(96).toString('base64url')}`;
        issued.add(token);
        return {
          status: 200,
          body: { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token },
        };
      },
    },
    {
      method: 'POST',
      pattern: /^\/(?:[a-z]+\/)?v3\/conversations\/([^/]+)\/activities\/([^/]+)$/,
      handle(request): StandinReply {
        const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
        if (token === undefined || !issued.has(token)) {
          return {
            status: 401,
            body: { error: { code: 'Unauthorized', message: 'Authorization has been denied for this request.' } },
          };
        }
        if (request.json?.type !== 'message')
          return { status: 400, body: { error: { code: 'BadArgument', message: 'Invalid activity type' } } };
        return { status: 200, body: { id: `1:${randomBytes(18).toString('base64url')}` } };
      },
    },
  ];
}

export function teamsServerError(): StandinReply {
  return { status: 503, body: { error: { code: 'ServiceUnavailable', message: 'The service is unavailable.' } } };
}
