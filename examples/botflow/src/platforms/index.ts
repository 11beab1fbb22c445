import type { Platform } from '../model.js';
import { discord } from './discord.js';
import { slack } from './slack.js';
import { teams } from './teams.js';
import { telegram } from './telegram.js';
import type { PlatformAdapter } from './types.js';

/** One function URL, one path per platform (the paths each platform's app settings point at). */
export const ROUTES: Record<string, PlatformAdapter> = {
  '/slack/events': slack,
  '/slack/commands': slack,
  '/discord/interactions': discord,
  '/teams/messages': teams,
  '/api/messages': teams,
  '/telegram/webhook': telegram,
};

export function platformForPath(path: string): PlatformAdapter | undefined {
  return ROUTES[path.replace(/\/+$/, '') || '/'];
}

export function platformOfPath(path: string): Platform | undefined {
  return platformForPath(path)?.platform;
}
