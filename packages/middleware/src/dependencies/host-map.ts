/**
 * Service names of the hosts a chat-bot Lambda typically calls. Keys are exact host names or
 * `*.suffix` wildcards; user entries (`hosts` option) are looked up first and may also name private
 * hosts and addresses (`'127.0.0.5': 'DailyBot API'`) or a `host:port`.
 */
export const BUILT_IN_HOSTS: Readonly<Record<string, string>> = {
  'slack.com': 'Slack API',
  'hooks.slack.com': 'Slack API',
  '*.slack.com': 'Slack API',
  'discord.com': 'Discord API',
  'discordapp.com': 'Discord API',
  'api.telegram.org': 'Telegram Bot API',
  'smba.trafficmanager.net': 'Microsoft Teams / Bot Framework',
  '*.botframework.com': 'Microsoft Teams / Bot Framework',
  'login.microsoftonline.com': 'Microsoft Teams / Bot Framework',
  'api.openai.com': 'OpenAI API',
  'api.dailybot.com': 'DailyBot API',
};

/** Resolves a service name: `host:port`, then the host, then `*.suffix` wildcards; else the host. */
export function serviceForHost(hosts: ReadonlyMap<string, string>, host: string, port: string | null): string {
  if (port !== null) {
    const withPort = hosts.get(`${host}:${port}`);
    if (withPort !== undefined) return withPort;
  }
  const exact = hosts.get(host);
  if (exact !== undefined) return exact;
  let dot = host.indexOf('.');
  while (dot !== -1) {
    const wildcard = hosts.get(`*${host.slice(dot)}`);
    if (wildcard !== undefined) return wildcard;
    dot = host.indexOf('.', dot + 1);
  }
  return host;
}

/** Merges user entries over the built-ins, lower-casing hosts (DNS names are case-insensitive). */
export function mergeHosts(target: Map<string, string>, user: Record<string, string> | undefined): void {
  if (target.size === 0) for (const [host, name] of Object.entries(BUILT_IN_HOSTS)) target.set(host, name);
  if (!user) return;
  // Later entries replace earlier ones, so a user's name for a built-in host wins.
  for (const [host, name] of Object.entries(user)) {
    const normalized = host.trim().toLowerCase();
    if (normalized && typeof name === 'string') target.set(normalized, name);
  }
}
