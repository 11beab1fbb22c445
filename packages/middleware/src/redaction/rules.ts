import type { RedactionOptions } from '../dependencies/setup.js';

/**
 * Redaction rules applied to every document the process sends (X-Ray datagrams, EMF and log lines)
 * and to the paths this project records. Pure string functions: no parsing of the documents, so a
 * rule applies wherever a value sits (a subsegment name, `http.request.url`, metadata written by
 * Powertools' `captureResponse`, a log line). Masks never contain `"` or `\`, so redacted JSON stays
 * valid, and use only characters X-Ray allows in segment names.
 */

/** What a masked value becomes. Route-parameter-like, allowed in X-Ray names, never re-masked. */
export const MASK = ':redacted';

export interface CompiledRedaction {
  enabled: boolean;
  /** User patterns (global flag added), masked wherever they match. */
  extra: RegExp[];
  allowExact: Set<string>;
  /** User allow-list patterns, without the global/sticky flags so `test` has no state. */
  allowPatterns: RegExp[];
}

/** Redaction with no user extensions. */
export function defaultRedaction(): CompiledRedaction {
  return { enabled: true, extra: [], allowExact: new Set(), allowPatterns: [] };
}

/**
 * Folds options into the process-wide rules: `false` turns redaction off, an object turns it on;
 * patterns and allow-list entries accumulate across calls (every profiler instance adds its own).
 */
export function mergeRedaction(
  current: CompiledRedaction,
  options: RedactionOptions | false | undefined,
): CompiledRedaction {
  if (options === false) return { ...current, enabled: false };
  if (options === undefined) return current;
  const extra = [...current.extra];
  for (const pattern of options.patterns ?? []) {
    if (!(pattern instanceof RegExp)) continue;
    const flags = pattern.flags.includes('g') ? pattern.flags.replace('y', '') : `${pattern.flags.replace('y', '')}g`;
    if (!extra.some((r) => r.source === pattern.source && r.flags === flags))
      extra.push(new RegExp(pattern.source, flags));
  }
  const allowExact = new Set(current.allowExact);
  const allowPatterns = [...current.allowPatterns];
  for (const entry of options.allow ?? []) {
    if (typeof entry === 'string') allowExact.add(entry);
    else if (entry instanceof RegExp) allowPatterns.push(new RegExp(entry.source, entry.flags.replace(/[gy]/g, '')));
  }
  return { enabled: true, extra, allowExact, allowPatterns };
}

function isAllowed(value: string, rules: CompiledRedaction): boolean {
  if (rules.allowExact.size > 0 && rules.allowExact.has(value)) return true;
  for (const pattern of rules.allowPatterns) if (pattern.test(value)) return true;
  return false;
}

const TELEGRAM_TOKEN = /^\d{6,12}:[A-Za-z0-9_-]{30,}$/;
const NUMERIC_ID = /^\d{5,}$/;

/**
 * A path segment shaped like a credential or an opaque id: at least 20 characters of the URL-safe
 * token alphabet with at least two digits and two letters. Words, short ids and versions stay.
 */
export function isTokenShaped(segment: string): boolean {
  if (segment.length < 20) return false;
  let digits = 0;
  let letters = 0;
  for (let i = 0; i < segment.length; i++) {
    const c = segment.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) letters++;
    // - . _ ~ + = : %
    else if (c !== 45 && c !== 46 && c !== 95 && c !== 126 && c !== 43 && c !== 61 && c !== 58 && c !== 37)
      return false;
  }
  return digits >= 2 && letters >= 2;
}

/**
 * Masks the secret parts of a URL path (no query: callers cut it first). `host` enables host-specific
 * rules (Slack incoming webhooks); null when unknown.
 */
export function redactPathname(path: string, host: string | null, rules: CompiledRedaction): string {
  const segments = path.split('/');
  let changed = false;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    if (segment === '' || segment === MASK || isAllowed(segment, rules)) continue;
    const previous = i > 0 ? segments[i - 1] : undefined;
    if (segment.startsWith('bot') && TELEGRAM_TOKEN.test(segment.slice(3))) {
      // Telegram Bot API: /bot<token>/method and /file/bot<token>/path.
      segments[i] = `bot${MASK}`;
      changed = true;
    } else if (previous === 'services' && host === 'hooks.slack.com') {
      // Slack incoming webhook: /services/T…/B…/<secret>; the whole rest identifies the secret.
      segments.length = i + 1;
      segments[i] = MASK;
      changed = true;
      break;
    } else if ((previous === 'webhooks' || previous === 'interactions') && NUMERIC_ID.test(segment)) {
      // Discord: /webhooks/<id>/<token>, /interactions/<id>/<token>/callback.
      segments[i] = MASK;
      if (i + 1 < segments.length && segments[i + 1] !== '') segments[i + 1] = MASK;
      i++;
      changed = true;
    } else if (isTokenShaped(segment)) {
      segments[i] = MASK;
      changed = true;
    }
  }
  return changed ? segments.join('/') : path;
}

/** Drops a path's query string and fragment, then masks its secret segments. */
export function redactPath(path: string, host: string | null, rules: CompiledRedaction): string {
  return redactPathname(stripQuery(path), host, rules);
}

/** Drops a path's query string and fragment. */
export function stripQuery(path: string): string {
  const cut = queryStart(path);
  return cut === -1 ? path : path.slice(0, cut);
}

function queryStart(text: string): number {
  const q = text.indexOf('?');
  const h = text.indexOf('#');
  if (q === -1) return h;
  if (h === -1) return q;
  return Math.min(q, h);
}

/** Redacts one absolute URL: user info masked, query and fragment dropped, secret path parts masked. */
export function redactUrl(url: string, rules: CompiledRedaction): string {
  const cut = queryStart(url);
  const base = cut === -1 ? url : url.slice(0, cut);
  const schemeEnd = base.indexOf('://');
  if (schemeEnd === -1) return redactPathname(base, null, rules);
  const authorityStart = schemeEnd + 3;
  const slash = base.indexOf('/', authorityStart);
  let authority = slash === -1 ? base.slice(authorityStart) : base.slice(authorityStart, slash);
  const at = authority.lastIndexOf('@');
  if (at !== -1) authority = `${MASK}${authority.slice(at)}`;
  const hostPort = at === -1 ? authority : authority.slice(at + 1);
  const colon = hostPort.startsWith('[') ? hostPort.indexOf(']:') + 1 : hostPort.lastIndexOf(':');
  const host = (colon > 0 ? hostPort.slice(0, colon) : hostPort).toLowerCase();
  const path = slash === -1 ? '' : redactPathname(base.slice(slash), host, rules);
  return `${base.slice(0, authorityStart)}${authority}${path}`;
}

/**
 * One pass over the text with every built-in shape. Groups: 1 URL; 2/3 bearer prefix/value;
 * 4/5 authorization-header prefix/value; 6 Slack webhook prefix; 7 Discord webhook prefix.
 */
export const TEXT_RULES = new RegExp(
  [
    String.raw`((?:https?|wss?):\/\/[^\s"'<>\\\x60]+)`,
    // RFC 6750's token alphabet plus `:` and `%` (people put any token after "Bearer").
    String.raw`(\b[Bb]earer\s+)([A-Za-z0-9\-._~+/:%]{8,}=*)`,
    String.raw`(\b[Aa]uthorization["']?\s*[:=]\s*["']?(?:Bot|Basic|Token|bot|basic|token)\s+)([A-Za-z0-9\-._~+/:%]{8,}=*)`,
    String.raw`(hooks\.slack\.com\/services\/)[^\s"'<>\\?#]+`,
    String.raw`(\/(?:webhooks|interactions)\/)\d{5,}\/[A-Za-z0-9_.-]{20,}`,
    // Slack tokens (xoxb-, xoxp-, xoxa-, xoxe-, xoxr-, xoxs-) and app-level tokens.
    String.raw`\bxox[a-z]-[A-Za-z0-9-]{8,}`,
    String.raw`\bxapp-[A-Za-z0-9-]{8,}`,
    // Telegram bot token: <bot id>:<35-character secret>.
    String.raw`\b\d{6,12}:[A-Za-z0-9_-]{30,}`,
    // OpenAI keys (sk-…, sk-proj-…).
    String.raw`\bsk-[A-Za-z0-9_-]{20,}`,
    // JWTs (Bot Framework, Microsoft identity platform) and Discord bot tokens.
    String.raw`\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}`,
    String.raw`\b[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,}`,
    // AWS access key ids.
    String.raw`\b(?:AKIA|ASIA)[0-9A-Z]{16}\b`,
  ].join('|'),
  'g',
);

/** Literals of TEXT_RULES besides the URL and webhook paths: headers, token prefixes, Slack's host. */
const MAYBE_WORD = /earer|uthorization|eyJ|AKIA|ASIA|xox|xapp-|sk-|hooks\.slack/;

function isTokenChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45;
}

/** `<digit>:` followed by 30 token characters: the only place a Telegram bot token can start. */
function hasTelegramShape(text: string): boolean {
  for (let i = text.indexOf(':'); i !== -1; i = text.indexOf(':', i + 1)) {
    const before = text.charCodeAt(i - 1);
    if (before < 48 || before > 57) continue;
    let n = 0;
    while (n < 30 && isTokenChar(text.charCodeAt(i + 1 + n))) n++;
    if (n === 30) return true;
  }
  return false;
}

/** `.` + 6 token characters + `.`: the middle part of a Discord bot token. */
function hasDiscordShape(text: string): boolean {
  for (let i = text.indexOf('.'); i !== -1; i = text.indexOf('.', i + 1)) {
    if (text.charCodeAt(i + 7) !== 46) continue;
    let n = 0;
    while (n < 6 && isTokenChar(text.charCodeAt(i + 1 + n))) n++;
    if (n === 6) return true;
  }
  return false;
}

/**
 * Fast path: whether TEXT_RULES can match at all. Every alternative needs `//` (a URL), `/webhooks/`
 * or `/interactions/` (Discord), one of MAYBE_WORD's literals, a digit + `:` + 30 token characters
 * (Telegram) or `.` + 6 token characters + `.` (Discord); `tests/unit/redaction-rules.test.ts`
 * checks that with generated texts. The `/` literals are found by native `indexOf` (a rare first
 * character: fast); the whole check is ≈ 0.7 µs on a 770-byte handler document instead of 1.2 µs for
 * the two regular expressions it replaced, and ≈ 3× less than TEXT_RULES itself, whose
 * `\b`-anchored alternation tries every rule at every position. Not a bare `/`: the profiler's own
 * call records carry (already redacted) paths, and sent the details document through the full pass.
 * A false positive only costs the full pass.
 */
export function mightHoldSecret(text: string): boolean {
  return (
    text.indexOf('//') !== -1 ||
    text.indexOf('/webhooks/') !== -1 ||
    text.indexOf('/interactions/') !== -1 ||
    MAYBE_WORD.test(text) ||
    hasTelegramShape(text) ||
    hasDiscordShape(text)
  );
}

/** Redacts every known secret shape and URL in a text (a JSON document, a log line). */
export function redactText(text: string, rules: CompiledRedaction): string {
  if (!rules.enabled) return text;
  let out = mightHoldSecret(text) ? replaceShapes(text, rules) : text;
  for (const pattern of rules.extra) {
    pattern.lastIndex = 0;
    out = out.replace(pattern, (match: string) => (isAllowed(match, rules) ? match : MASK));
  }
  return out;
}

function replaceShapes(text: string, rules: CompiledRedaction): string {
  return text.replace(
    TEXT_RULES,
    (
      match: string,
      url: string | undefined,
      bearerPrefix: string | undefined,
      bearerValue: string | undefined,
      authPrefix: string | undefined,
      authValue: string | undefined,
      slackPrefix: string | undefined,
      webhookPrefix: string | undefined,
    ) => {
      if (url !== undefined) return redactUrl(url, rules);
      if (bearerPrefix !== undefined) return isAllowed(bearerValue!, rules) ? match : `${bearerPrefix}${MASK}`;
      if (authPrefix !== undefined) return isAllowed(authValue!, rules) ? match : `${authPrefix}${MASK}`;
      if (slackPrefix !== undefined) return `${slackPrefix}${MASK}`;
      if (webhookPrefix !== undefined) return `${webhookPrefix}${MASK}/${MASK}`;
      return isAllowed(match, rules) ? match : MASK;
    },
  );
}
