/** The one message model every platform's webhook is parsed into. */

export const PLATFORMS = ['slack', 'discord', 'teams', 'telegram'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** What the user asked for, decided from the text or the slash command. */
export type Intent = 'greeting' | 'help' | 'checkin' | 'ask' | 'export' | 'unknown';

export type ReplyTarget =
  | { platform: 'slack'; channel: string; threadTs: string | undefined }
  | { platform: 'discord'; applicationId: string; interactionId: string; interactionToken: string }
  | {
      platform: 'teams';
      serviceUrl: string;
      conversationId: string;
      activityId: string;
      bot: { id: string; name: string };
      user: { id: string; name: string };
    }
  | { platform: 'telegram'; chatId: number; messageId: number };

export interface BotMessage {
  platform: Platform;
  /** The platform's id of this delivery, used to drop retried deliveries. */
  eventId: string;
  teamId: string;
  channelId: string;
  userId: string;
  userName: string;
  text: string;
  intent: Intent;
  /** The text after the command word (`/ask what is…` → `what is…`). */
  args: string;
  reply: ReplyTarget;
  receivedAt: string;
}

/** `slack#T024BE7LD#U0G9QF9C6`: one conversation state per user of a team. */
export function userKey(message: Pick<BotMessage, 'platform' | 'teamId' | 'userId'>): string {
  return `${message.platform}#${message.teamId}#${message.userId}`;
}

export function channelKey(message: Pick<BotMessage, 'platform' | 'channelId'>): string {
  return `${message.platform}#${message.channelId}`;
}

export function teamConfigKey(message: Pick<BotMessage, 'platform' | 'teamId'>): string {
  return `${message.platform}#team#${message.teamId}`;
}

const COMMANDS: Record<string, Intent> = {
  start: 'greeting',
  hello: 'greeting',
  hi: 'greeting',
  hey: 'greeting',
  help: 'help',
  standup: 'checkin',
  checkin: 'checkin',
  'check-in': 'checkin',
  ask: 'ask',
  export: 'export',
};

/**
 * Splits `/ask why is the build red?` (or `@bot ask …`, or plain `hello there`) into intent and arguments.
 * A question of more than eight words without a command is treated as `ask`.
 */
export function classify(text: string): { intent: Intent; args: string } {
  const cleaned = text
    .replace(/<@[^>]+>/g, '')
    .replace(/@\w+bot\b/gi, '')
    .trim();
  const match = /^\/?([a-z-]+)(?:@\w+)?[\s,:!.]*(.*)$/is.exec(cleaned);
  const word = match?.[1]?.toLowerCase() ?? '';
  const rest = match?.[2]?.trim() ?? '';
  const intent = COMMANDS[word];
  if (intent !== undefined) return { intent, args: rest };
  if (cleaned.split(/\s+/).length > 8 || cleaned.endsWith('?')) return { intent: 'ask', args: cleaned };
  return { intent: 'unknown', args: cleaned };
}
