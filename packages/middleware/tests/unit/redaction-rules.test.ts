import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redactDatagram } from '../../src/redaction/datagram.js';
import {
  defaultRedaction,
  isTokenShaped,
  MASK,
  mergeRedaction,
  mightHoldSecret,
  redactPath,
  redactText,
  redactUrl,
  TEXT_RULES,
} from '../../src/redaction/rules.js';

const rules = defaultRedaction();
const TELEGRAM = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';

describe('redactUrl', () => {
  it('drops the query string and fragment and masks the Telegram token in the path', () => {
    expect(redactUrl(`https://api.telegram.org/bot${TELEGRAM}/sendMessage?chat_id=1&text=hi#x`, rules)).toBe(
      'https://api.telegram.org/bot:redacted/sendMessage',
    );
    expect(redactUrl(`https://api.telegram.org/file/bot${TELEGRAM}/photos/file_1.jpg`, rules)).toBe(
      'https://api.telegram.org/file/bot:redacted/photos/file_1.jpg',
    );
  });

  it('masks Slack incoming-webhook paths, Discord webhook and interaction tokens, and user info', () => {
    expect(redactUrl('https://hooks.slack.com/services/T000/B000/XXXXyyyyZZZZ', rules)).toBe(
      'https://hooks.slack.com/services/:redacted',
    );
    expect(redactUrl('https://discord.com/api/webhooks/112233445566778899/tok-en_value', rules)).toBe(
      'https://discord.com/api/webhooks/:redacted/:redacted',
    );
    expect(
      redactUrl('https://discord.com/api/v10/interactions/112233445566778899/aW50ZXJhY3Rpb24/callback', rules),
    ).toBe('https://discord.com/api/v10/interactions/:redacted/:redacted/callback');
    expect(redactUrl('https://user:pa55word@example.com:8443/a', rules)).toBe('https://:redacted@example.com:8443/a');
  });

  it('masks token-shaped segments but keeps words, versions and short ids', () => {
    expect(
      redactUrl('https://smba.trafficmanager.net/amer/v3/conversations/a:1B2c3D4e5F6g7H8i9J0kLmN/activities/42', rules),
    ).toBe('https://smba.trafficmanager.net/amer/v3/conversations/:redacted/activities/42');
    expect(redactUrl('https://slack.com/api/chat.postMessage', rules)).toBe('https://slack.com/api/chat.postMessage');
    expect(isTokenShaped('conversationsHistoryForChannel')).toBe(false);
    expect(isTokenShaped('6f1c2a9e-0b7d-4c5e-9a8f-123456789abc')).toBe(true);
  });
});

describe('redactPath', () => {
  it('uses the host for host-specific rules and always drops the query', () => {
    expect(redactPath('/services/T1/B2/abc?x=1', 'hooks.slack.com', rules)).toBe('/services/:redacted');
    expect(redactPath('/services/T1/B2/abc?x=1', 'example.com', rules)).toBe('/services/T1/B2/abc');
  });

  it('is idempotent', () => {
    const once = redactPath(`/bot${TELEGRAM}/getUpdates`, null, rules);
    expect(redactPath(once, null, rules)).toBe(once);
  });
});

describe('redactText', () => {
  it('masks known secret shapes wherever they appear and keeps JSON valid', () => {
    const doc = JSON.stringify({
      name: 'api.telegram.org',
      http: { request: { url: `https://api.telegram.org/bot${TELEGRAM}/sendMessage?chat_id=7` } },
      metadata: {
        svc: {
          'index.handler response': {
            headers: {
              Authorization: 'Bearer abc.def-123_ghiJKL',
              authorization: 'Bot MTExMjIzMzQ0NTU2Njc3ODg5OQ.Gh7x_2.abcdefghijklmnopqrstuvwxyz0123',
            },
            slack: 'token xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUv',
            openai: 'sk-proj-abcdefghijklmnopqrstuvwxyz012345',
            jwt: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXZhbHVl',
            bare: `token is ${TELEGRAM} ok`,
            key: 'AKIAIOSFODNN7EXAMPLE',
            hook: 'posted to hooks.slack.com/services/T0/B0/secretpart',
          },
        },
      },
    });
    const out = redactText(doc, rules);
    expect(() => JSON.parse(out)).not.toThrow();
    for (const secret of [
      'AAHdqTcv',
      'chat_id',
      'abc.def-123',
      'MTExMjIz',
      'xoxb-',
      'sk-proj',
      'eyJhbGci',
      'AKIAIOSFODNN7EXAMPLE',
      'secretpart',
    ]) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('Bearer :redacted');
    expect(out).toContain('https://api.telegram.org/bot:redacted/sendMessage"');
    expect(out).toContain('"name":"api.telegram.org"');
  });

  it('fast path: mightHoldSecret is true for every text a secret rule matches', () => {
    const anyRule = new RegExp(TEXT_RULES.source);
    // Texts built from fragments of the secret shapes, JSON punctuation and token characters, so
    // that generated texts often come close to (and sometimes into) every rule.
    const fragment = fc.constantFrom(
      'https://',
      'wss://',
      'Bearer ',
      'bearer\t',
      'Authorization: Bot ',
      '"authorization":"Basic ',
      'hooks.slack.com/services/',
      '/webhooks/',
      '/interactions/',
      'xoxb-',
      'xapp-',
      'sk-',
      'sk-proj-',
      'eyJ',
      'AKIA',
      'ASIA',
      'M',
      'N',
      'O',
      '123456789',
      ':',
      '.',
      '/',
      '"',
      ',',
      '{',
      ' ',
      '-',
      '_',
      'A1b2C3d4E5f6G7h8',
      'abcdefghijKLMNOPQRSTuvwxyz0123',
      '0000000000',
      'ZZZZZZ',
    );
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 24 }), (parts) => {
        const text = parts.join('');
        if (anyRule.test(text)) expect(mightHoldSecret(text)).toBe(true);
      }),
      { numRuns: 20_000 },
    );
    // And each secret of the shape test above trips it.
    for (const secret of [
      TELEGRAM,
      'MTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ.ZnCjm1XVW7vRze4b7Cq4se7kKWs',
      'AKIAIOSFODNN7EXAMPLE',
      'eyJhbGciOi.eyJzdWIiOiIx.SflKxwRJSMeKKF2QT4',
    ])
      expect(mightHoldSecret(`{"v":"${secret}"}`)).toBe(true);
  });

  it('fast path: an ordinary X-Ray handler document passes without the full pass', () => {
    const doc =
      '{"format":"json","version":1}\n{"id":"cb90b3a7bd47176a","name":"## index.handler","start_time":1795896629.16,"annotations":{"ColdStart":false,"Service":"bench","ProfilerVersion":"0.1.0"},"metadata":{"lambda-profiler":{"invocation":{"v":1,"kind":"invocation","requestId":"c0b1a3e2-1111-4444-8888-0123456789ab","environmentId":"58e916feadb431de","startEpochMs":1795896629160.13,"memory":{"limitMb":512,"peakRssMb":70.793}}}},"end_time":1795896629.16,"type":"subsegment","parent_id":"cbed9f8153cd5b3f","trace_id":"1-6b0b3535-000000000000000000000031"}';
    expect(mightHoldSecret(doc)).toBe(false);
    expect(redactText(doc, rules)).toBe(doc);
  });

  it('leaves ordinary documents alone', () => {
    const doc =
      '{"id":"5b2c1f0e9a7d4c31","name":"DynamoDB","start_time":1732800000.123,"trace_id":"1-6352a70e-1e2c502e358361800241fd45","aws":{"operation":"GetItem","request_id":"V4KQNSO5AEMVJF66Q9ASUAAJG0000000000000000000000000"}}';
    expect(redactText(doc, rules)).toBe(doc);
  });

  it('applies user patterns and honours the allow-list', () => {
    const extended = mergeRedaction(rules, {
      patterns: [/tenant-[0-9]{4}/],
      allow: ['sk-public-demo-key-000000000000', /^Bearer-free/],
    });
    const out = redactText(
      'user tenant-1234 uses sk-public-demo-key-000000000000 and sk-realsecretvalue0123456789',
      extended,
    );
    expect(out).toBe(`user ${MASK} uses sk-public-demo-key-000000000000 and ${MASK}`);
    expect(redactText('tenant-1234', rules)).toBe('tenant-1234');
  });

  it('does nothing when redaction is off', () => {
    const off = mergeRedaction(rules, false);
    expect(redactText(`Bearer ${TELEGRAM}`, off)).toBe(`Bearer ${TELEGRAM}`);
  });
});

describe('redactDatagram', () => {
  it('redacts X-Ray daemon datagrams only', () => {
    const body = `{"format":"json","version":1}\n{"name":"x","http":{"request":{"url":"https://a.example/p?q=secret"}}}`;
    const bytes = Buffer.from(`XX${body}`);
    const out = redactDatagram(bytes, 2, bytes.length - 2, rules);
    expect(out?.toString()).toBe(
      '{"format":"json","version":1}\n{"name":"x","http":{"request":{"url":"https://a.example/p"}}}',
    );
    const other = Buffer.from('{"not":"xray","url":"https://a.example/p?q=secret"}');
    expect(redactDatagram(other, 0, other.length, rules)).toBeNull();
  });
});
