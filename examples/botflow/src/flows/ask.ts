import { createHash } from 'node:crypto';
import { HttpError } from '../http/client.js';
import type { ChatMessage } from '../services/openai.js';
import type { Flow } from './types.js';

const SYSTEM = [
  'You are botflow, a concise assistant inside a team chat.',
  'Answer in at most five sentences. Use the conversation context when it helps; never invent facts about the team.',
].join(' ');

export const ask: Flow = {
  intent: 'ask',
  slow: true,
  async run({ message, state, turns }, deps) {
    const question = message.args.trim();
    if (question === '') return { text: 'Ask me something: /ask how do I rotate the API keys?' };
    const recent = turns
      .slice(0, 5)
      .reverse()
      .map((turn) => `- ${turn.text.slice(0, 200)}`)
      .join('\n');
    const messages: ChatMessage[] = [
      { role: 'system', content: SYSTEM },
      { role: 'system', content: `Conversation so far:\n${state.summary}\nLatest requests:\n${recent}` },
      { role: 'user', content: question },
    ];
    const user = createHash('sha256').update(`${message.platform}:${message.teamId}:${message.userId}`).digest('hex');
    try {
      const completion = await deps.openai.complete(messages, user.slice(0, 32));
      const answer = completion.choices[0]?.message.content ?? '';
      return {
        text: answer === '' ? 'The assistant had nothing to say.' : answer,
        context: messages[1]?.content ?? '',
        tokens: completion.usage.total_tokens,
        model: completion.model,
        onboardingStep: 'asked',
      };
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      const why = error.kind === 'timeout' ? 'took too long' : 'is unavailable';
      return { text: `Sorry, the assistant ${why} right now. Please try again.`, degraded: `openai-${error.kind}` };
    }
  },
};
