// The Lambda side of the canary test: a chat-bot-like function with the real Powertools Tracer
// (X-Ray SDK, UDP to the test's listener) and Metrics (EMF on stdout), the AWS SDK v3 against
// dynalite, fetch / https / a named `node:https` import against local stand-ins, and secrets
// everywhere: URL paths, query strings, headers, bodies, the event, logs, the handler's response,
// an error message. Run by canary.test.ts in a child process with the Lambda environment.
import https, { request as namedHttpsRequest } from 'node:https';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { instrumentAWSClient, profiler } from '@lambda-profiler/middleware';
import middy from '@middy/core';

const secrets = JSON.parse(process.env.CANARY_SECRETS);
const plainUrl = process.env.CANARY_PLAIN_URL; // stand-in for the Telegram Bot API (127.0.0.5)
const tlsUrl = process.env.CANARY_TLS_URL; // stand-in for Slack and Discord (https, localhost)

const tracer = new Tracer({ serviceName: 'botflow' });
const metrics = new Metrics({ namespace: 'LambdaProfilerCanary', serviceName: 'botflow' });
const ddb = DynamoDBDocumentClient.from(
  instrumentAWSClient(new DynamoDBClient({ endpoint: process.env.CANARY_DYNAMO_ENDPOINT, maxAttempts: 1 }), {
    tracer,
  }),
);

// Init-time warm-up read (credentials, endpoint, connection): outside any invocation, not recorded.
await ddb.send(new GetCommand({ TableName: 'users', Key: { pk: secrets.userId } }));

function post(send, url, body, headers) {
  return new Promise((resolve, reject) => {
    const req = send(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function app(event) {
  console.log('event received', JSON.stringify(event));
  const body = JSON.parse(event.body);
  const state = await ddb.send(new GetCommand({ TableName: 'users', Key: { pk: secrets.userId } }));
  await ddb.send(new PutCommand({ TableName: 'users', Item: { pk: secrets.userId, note: secrets.bodySecret } }));

  const telegram = `${plainUrl}/bot${secrets.telegramToken}/sendMessage?chat_id=42&secret=${secrets.querySecret}`;
  console.log('calling', telegram);
  metrics.addMetadata('lastUrl', telegram);
  metrics.addMetric('Replies', MetricUnit.Count, 1);
  const res = await fetch(telegram, {
    method: 'POST',
    headers: { authorization: `Bearer ${secrets.bearer}`, 'content-type': 'application/json' },
    body: JSON.stringify({ text: body.text, secret: secrets.bodySecret }),
  });
  await res.text();

  // Slack incoming webhook through the default https import (the X-Ray SDK patches this one).
  await post(
    https.request,
    `${tlsUrl}/services/T0001/B0001/${secrets.slackHook}`,
    JSON.stringify({ token: secrets.slackToken }),
    {
      authorization: `Bearer ${secrets.slackToken}`,
    },
  );
  // Discord webhook through a named ESM import (invisible to the X-Ray SDK's patcher).
  await post(
    namedHttpsRequest,
    `${tlsUrl}/api/webhooks/112233445566778899/${secrets.discordToken}?wait=true`,
    '{}',
    {},
  );

  if (body.fail) throw new Error(`reply failed for ${telegram}`);
  return {
    statusCode: 200,
    body: JSON.stringify({
      sent: `with ${secrets.telegramToken}`,
      auth: `Bearer ${secrets.bearer}`,
      slack: secrets.slackToken,
      user: state.Item?.name,
    }),
  };
}

const handler = middy(app)
  .use(captureLambdaHandler(tracer))
  .use(logMetrics(metrics))
  .use(
    profiler({
      tracer,
      metrics,
      hosts: { '127.0.0.5': 'Telegram Bot API', localhost: 'Slack API' },
      // CANARY_REDACT=off: the control run, proving the canary sees leaks when redaction is off.
      redact: process.env.CANARY_REDACT === 'off' ? false : { patterns: [/canary-custom-[a-z0-9]+/] },
    }),
  );

function hex(n) {
  let out = '';
  for (let i = 0; i < n; i++) out += Math.floor(Math.random() * 16).toString(16);
  return out;
}

for (const [i, fail] of [false, true].entries()) {
  process.env._X_AMZN_TRACE_ID = `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${hex(24)};Parent=${hex(16)};Sampled=1`;
  const event = {
    rawPath: '/webhook/telegram',
    headers: { authorization: `Bearer ${secrets.bearer}`, 'x-telegram-bot-api-secret-token': secrets.telegramToken },
    body: JSON.stringify({ text: `hello ${secrets.customSecret}`, fail }),
  };
  const context = {
    awsRequestId: `req-${i}`,
    functionName: 'botFlow',
    getRemainingTimeInMillis: () => 30_000,
  };
  try {
    await handler(event, context);
  } catch (error) {
    console.error('invocation failed', error);
  }
}
// Let the X-Ray SDK's UDP sends (batched, one socket per batch) leave before exiting.
setTimeout(() => process.exit(0), 300);
