import { listStandupChannels } from '../store/channels.js';
import type { Flow } from './types.js';

export const greeting: Flow = {
  intent: 'greeting',
  slow: false,
  async run({ message, state, isNewUser, team }, deps) {
    if (!isNewUser) {
      const last = state.memory.filter((entry) => entry.role === 'user').at(-1);
      const since = last === undefined ? '' : ` Last time we talked about "${last.text.slice(0, 60)}".`;
      return { text: `Hi again ${state.userName}!${since} Type /help to see what I can do.` };
    }
    // First contact: tell the user where their team's standups run.
    const channels = await listStandupChannels(deps.db, deps.config, message.platform, message.teamId);
    const names = channels.map((channel) => `#${channel.name}`).slice(0, 5);
    const where = names.length > 0 ? ` Your team runs standups in ${names.join(', ')}.` : '';
    const welcome = team?.settings.welcomeMessage ?? 'Welcome to botflow!';
    return {
      text: `${welcome} Nice to meet you, ${message.userName}.${where} Try /standup or /ask.`,
      onboardingStep: 'greeted',
    };
  },
};
