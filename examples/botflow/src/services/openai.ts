import type { BotConfig } from '../config.js';
import type { HttpClient } from '../http/client.js';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** The fields of OpenAI's `POST /v1/chat/completions` answer the bot reads. */
export interface ChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: { index: number; message: { role: 'assistant'; content: string | null }; finish_reason: string }[];
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

export interface OpenAi {
  complete(messages: ChatMessage[], user: string): Promise<ChatCompletion>;
}

export function createOpenAi(config: BotConfig, http: HttpClient): OpenAi {
  return {
    async complete(messages, user) {
      const { body } = await http.request<ChatCompletion>(`${config.openai.apiUrl}/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${config.openai.apiKey}` },
        // `user` is an opaque per-user id (hashed upstream), as OpenAI recommends for abuse monitoring.
        body: { model: config.openai.model, messages, temperature: 0.3, max_tokens: 400, user },
      });
      return body;
    },
  };
}
