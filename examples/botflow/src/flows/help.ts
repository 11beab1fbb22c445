import type { Flow } from './types.js';

const HELP = [
  '*botflow* commands:',
  '• /standup [yesterday; today; blockers]: check in to your team standup (DailyBot)',
  '• /ask <question>: ask the assistant, with our recent conversation as context',
  '• /export: a spreadsheet of our conversation',
  '• hi: say hello',
].join('\n');

export const help: Flow = {
  intent: 'help',
  slow: false,
  async run() {
    return { text: HELP, onboardingStep: 'help' };
  },
};

export const unknown: Flow = {
  intent: 'unknown',
  slow: false,
  async run({ message }) {
    return { text: `Sorry, I did not get "${message.text.slice(0, 40)}". Type /help for the commands.` };
  },
};
