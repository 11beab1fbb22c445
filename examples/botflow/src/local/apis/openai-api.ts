import { randomBytes } from 'node:crypto';
import type { Route, StandinReply } from '../https-standin.js';
import { createRandom } from '../random.js';
import { assistantAnswer } from '../text.js';

function tokens(text: string): number {
  return Math.ceil(text.split(/\s+/).filter(Boolean).length * 1.3);
}

/** `POST /v1/chat/completions` with OpenAI's response and error shapes. */
export function openaiApiRoutes(apiKey: string, seed: number): Route[] {
  const random = createRandom(seed);
  return [
    {
      method: 'POST',
      pattern: /^\/v1\/chat\/completions$/,
      handle(request): StandinReply {
        if (request.headers.authorization !== `Bearer ${apiKey}`) {
          return {
            status: 401,
            body: {
              error: {
                message: 'Incorrect API key provided.',
                type: 'invalid_request_error',
                param: null,
                code: 'invalid_api_key',
              },
            },
          };
        }
        const messages = request.json?.messages;
        const model = request.json?.model;
        if (!Array.isArray(messages) || messages.length === 0 || typeof model !== 'string') {
          return {
            status: 400,
            body: {
              error: {
                message: "'messages' is a required property",
                type: 'invalid_request_error',
                param: 'messages',
                code: null,
              },
            },
          };
        }
        const prompt = messages.map((m) => String((m as { content?: unknown }).content ?? '')).join('\n');
        const content = assistantAnswer(random);
        const promptTokens = tokens(prompt);
        const completionTokens = tokens(content);
        return {
          status: 200,
          headers: {
            'openai-processing-ms': String(random.int(300, 900)),
            'x-request-id': `req_${randomBytes(16).toString('hex')}`,
          },
          body: {
            id: `chatcmpl-${randomBytes(15).toString('base64url')}`,
            object: 'chat.completion',
            created: Math.floor(Date.now() / 1000),
            model: `${model}-2024-07-18`,
            choices: [
              {
                index: 0,
                message: { role: 'assistant', content, refusal: null },
                logprobs: null,
                finish_reason: 'stop',
              },
            ],
            usage: {
              prompt_tokens: promptTokens,
              completion_tokens: completionTokens,
              total_tokens: promptTokens + completionTokens,
            },
            system_fingerprint: 'fp_botflow01',
          },
        };
      },
    },
  ];
}

export function openaiServerError(): StandinReply {
  return {
    status: 500,
    body: {
      error: {
        message: 'The server had an error while processing your request. Sorry about that!',
        type: 'server_error',
        param: null,
        code: null,
      },
    },
  };
}
