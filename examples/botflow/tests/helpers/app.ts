import { type BotAppDeps, createBotApp, type WebhookHandler } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { prepareWorkbookLibrary } from '../../src/flows/workbook.js';
import { createHttpClient } from '../../src/http/client.js';
import { createDailyBot } from '../../src/services/dailybot.js';
import { createOpenAi } from '../../src/services/openai.js';
import { createDocumentClient } from '../../src/store/dynamodb.js';

/** The bot wired like the handler module, with its own fix switches (the handler reads them once at init). */
export async function createTestApp(
  env: Record<string, string | undefined>,
): Promise<{ app: WebhookHandler; deps: BotAppDeps; annotations: Map<string, unknown> }> {
  const config = loadConfig(env);
  const http = createHttpClient({ keepAlive: config.fixes.has('http-keep-alive'), timeoutMs: config.httpTimeoutMs });
  const annotations = new Map<string, unknown>();
  const deps: BotAppDeps = {
    config,
    db: createDocumentClient(config, (client) => client),
    http,
    dailybot: createDailyBot(config, http),
    openai: createOpenAi(config, http),
    loadWorkbookLibrary: await prepareWorkbookLibrary(true),
    annotate: (key, value) => annotations.set(key, value),
    count: () => undefined,
  };
  return { app: createBotApp(deps), deps, annotations };
}
