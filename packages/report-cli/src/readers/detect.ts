import { readHead } from './lines.js';

/** Every input format the readers know; `--input-format` takes these ids. */
export const INPUT_FORMATS = [
  'xray-json',
  'xray-ndjson',
  'lambda-log-text',
  'lambda-log-json',
  'cloudwatch-log-events',
  'function-config',
  'run-manifest',
] as const;

export type InputFormat = (typeof INPUT_FORMATS)[number];

export const TRACE_FORMATS: readonly InputFormat[] = ['xray-json', 'xray-ndjson'];
export const LOG_FORMATS: readonly InputFormat[] = ['lambda-log-text', 'lambda-log-json', 'cloudwatch-log-events'];

export function isInputFormat(value: string): value is InputFormat {
  return (INPUT_FORMATS as readonly string[]).includes(value);
}

const ISO_Z = String.raw`\d{4}-\d\d-\d\dT[\d:.]+Z`;
const ISO_SECONDS = String.raw`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d`;
/** aws logs tail (detailed or json): time with its offset, stream. */
const TAIL_DETAILED = String.raw`${ISO_SECONDS}(?:\.\d+)?[+-]\d\d:\d\d \S+ `;
/** sam logs: stream, time. */
const SAM_LOGS = String.raw`\d{4}/\d\d/\d\d/\[[^\]\s]*\]\S* ${ISO_SECONDS}(?:\.\d+)? `;
/** What may stand before a platform line (see lambda-log.ts for each form). */
const LINE_PREFIXES = [
  `${ISO_Z} `, // an S3 export
  TAIL_DETAILED,
  `${ISO_SECONDS} `, // aws logs tail --format short: time
  SAM_LOGS,
];
/** How Lambda's platform lines start, text and JSON log format. */
const PLATFORM_LINES = [
  'START RequestId: ',
  'END RequestId: ',
  'REPORT RequestId: ',
  'INIT_START ',
  'INIT_REPORT ',
  'XRAY TraceId: ',
  String.raw`\{"time":"[^"]*","type":"platform\.`,
];
/**
 * A `platform.*` record of Lambda's JSON log format that a log CLI pretty-printed: after an `aws logs
 * tail --format json` prefix line (indent 4), or from a `sam logs` prefix line on (indent 2).
 */
const PRETTY_PLATFORM_RECORD = new RegExp(
  String.raw`^(?:${TAIL_DETAILED}\r?\n|${SAM_LOGS})\{\r?\n {2,4}"time": "[^"]*",\r?\n {2,4}"type": "platform\.`,
  'm',
);
/** A platform line of Lambda's log, bare or behind one of the prefixes; or a console line. */
const LOG_LINE = new RegExp(
  `^(?:${LINE_PREFIXES.join('|')})?(?:${PLATFORM_LINES.join('|')})|^${ISO_Z}\\t\\S+\\t[A-Z]+\\t`,
);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A batch-get-traces segment entry: `{Id, Document}`, `Document` a JSON string or an object. */
function isSegment(v: unknown): boolean {
  return isObject(v) && typeof v.Id === 'string' && (typeof v.Document === 'string' || isObject(v.Document));
}

/** A segment document as a JSON string (`Document`) holding a trace id. */
function isDocumentText(v: unknown): boolean {
  return typeof v === 'string' && v.trimStart().startsWith('{') && v.includes('"trace_id"');
}

function classifyObject(obj: Record<string, unknown>): InputFormat | null {
  if (obj.format === 'json' && obj.version === 1) return 'xray-ndjson';
  if (Array.isArray(obj.Traces) || Array.isArray(obj.Segments)) return 'xray-json';
  // filter-log-events / get-log-events pages, and subscription records (`logEvents`, Firehose to S3).
  if (Array.isArray(obj.events) || Array.isArray(obj.logEvents)) return 'cloudwatch-log-events';
  if (obj.kind === 'lambda-profiler-run') return 'run-manifest';
  if (typeof obj.FunctionName === 'string' || isObject(obj.Configuration)) return 'function-config';
  if (typeof obj.trace_id === 'string' || (typeof obj.id === 'string' && typeof obj.start_time === 'number'))
    return 'xray-ndjson';
  if (typeof obj.type === 'string' && obj.type.startsWith('platform.')) return 'lambda-log-json';
  if (isObject(obj._aws)) return 'lambda-log-json';
  if (typeof obj.requestId === 'string' && (typeof obj.level === 'string' || typeof obj.message !== 'undefined'))
    return 'lambda-log-json';
  // One CloudWatch Logs event a line (`sam logs --output json`, `jq -c '.events[]'`).
  if (typeof obj.message === 'string' && typeof obj.timestamp === 'number') return 'cloudwatch-log-events';
  return null;
}

/** Elements of a top-level array looked at for its format. */
const ARRAY_ITEMS_LOOKED_AT = 20;

/** The format of a file that is an array holding `item`, or null when the element says nothing. */
function classifyArrayItem(item: unknown): InputFormat | null {
  if (isObject(item) && (Array.isArray(item.Segments) || Array.isArray(item.Traces))) return 'xray-json';
  if (isObject(item) && typeof item.trace_id === 'string') return 'xray-json';
  // `--query 'Traces[*].Segments'`, `'Traces[].Segments[]'` and `'Traces[].Segments[].Document'`.
  if (isSegment(Array.isArray(item) ? item[0] : item) || isDocumentText(item)) return 'xray-json';
  if (isObject(item) && (Array.isArray(item.events) || Array.isArray(item.logEvents))) return 'cloudwatch-log-events';
  if (isObject(item) && typeof item.message === 'string' && typeof item.timestamp === 'number')
    return 'cloudwatch-log-events';
  return null;
}

/** The format of a text sample (a file's head), or null when it is none of the known kinds. */
export function detectText(head: string): InputFormat | null {
  const text = head.charCodeAt(0) === 0xfeff ? head.slice(1) : head;
  const trimmed = text.trimStart();
  if (trimmed.length === 0) return null;
  const nl = trimmed.indexOf('\n');
  const firstLine = (nl === -1 ? trimmed : trimmed.slice(0, nl)).trim();
  if (firstLine.startsWith('{') || firstLine.startsWith('[')) {
    try {
      const value: unknown = JSON.parse(firstLine);
      if (isObject(value)) {
        const kind = classifyObject(value);
        // An NDJSON log whose first line is a plain JSON app line still reads as Lambda JSON logs.
        if (kind) return kind;
      } else if (Array.isArray(value)) {
        // The first elements that say what they are: a null or a stray element first (hand-merged
        // output) does not hide the rest, which the readers take, warning about the stray one.
        for (let i = 0; i < Math.min(value.length, ARRAY_ITEMS_LOOKED_AT); i++) {
          const kind = classifyArrayItem(value[i]);
          if (kind) return kind;
        }
      }
    } catch {
      // A pretty-printed document: classify by its first keys.
      const head400 = trimmed.slice(0, 4000);
      if (/"Traces"\s*:\s*\[/.test(head400) || /"Segments"\s*:\s*\[/.test(head400)) return 'xray-json';
      if (/"(?:events|logEvents)"\s*:\s*\[/.test(head400)) return 'cloudwatch-log-events';
      if (/"kind"\s*:\s*"lambda-profiler-run"/.test(head400)) return 'run-manifest';
      if (/"FunctionName"\s*:/.test(head400)) return 'function-config';
      if (/"trace_id"\s*:/.test(head400)) return 'xray-json';
      // Segments (`"Document": "{…}"`) or documents as JSON strings, pretty-printed by the AWS CLI.
      if (/"Document"\s*:\s*"\{/.test(head400) || /^\s*\[\s*"\{\\"[^"]*\\"\s*:/.test(head400)) return 'xray-json';
      if (/"logStreamName"\s*:/.test(head400) && /"message"\s*:/.test(head400)) return 'cloudwatch-log-events';
    }
  }
  // Text: look for Lambda's platform lines among the first lines.
  const lines = trimmed.split('\n', 200);
  for (const line of lines) if (LOG_LINE.test(line)) return 'lambda-log-text';
  if (PRETTY_PLATFORM_RECORD.test(trimmed)) return 'lambda-log-text';
  return null;
}

/**
 * AWS CLI outputs easily taken for inputs, none of which holds segments or log lines: what each is,
 * and what to give instead. Looked for only in a file of no known format, for its error message.
 */
const LOOKALIKES: readonly (readonly [RegExp, string])[] = [
  [
    /"TraceSummaries"\s*:/,
    '`aws xray get-trace-summaries` output (trace ids and durations, no segments): give its ids to `aws xray batch-get-traces` and that output here, or use `generate --from-aws`',
  ],
  [
    /"Services"\s*:\s*\[/,
    '`aws xray get-service-graph` output (no segments): give `aws xray batch-get-traces` output, or use `generate --from-aws`',
  ],
  [
    /"statistics"\s*:\s*\{[^}]*"recordsMatched"/,
    'CloudWatch Logs Insights results (fields, not log lines): give `aws logs filter-log-events` or `aws logs tail` output, or use `generate --from-aws`',
  ],
  [
    /"(?:logStreams|logGroups)"\s*:\s*\[/,
    'a list of log streams or groups, not their events: give `aws logs filter-log-events` or `aws logs tail` output',
  ],
  [
    /^END Duration: [\d.]+ ms(?: \(init: [\d.]+ ms\))? Memory Used: \d+ MB/m,
    '`serverless logs` output, which leaves out the request ids and billed figures: give `aws logs tail /aws/lambda/FUNCTION` or `filter-log-events` output',
  ],
  [
    /^(?:Traces|events|UnprocessedTraceIds):\s*$|^(?:TRACES|SEGMENTS|EVENTS)\t|^\|\s+(?:BatchGetTraces|FilterLogEvents|GetLogEvents)\s+\|/m,
    "the AWS CLI's yaml, text or table output (the profile's `output` setting): run the command again with `--output json`",
  ],
];

/** What a file of no known format looks like instead (see LOOKALIKES), or null. */
export function lookalikeOf(path: string): string | null {
  const head = readHead(path, 16 * 1024);
  return LOOKALIKES.find(([pattern]) => pattern.test(head))?.[1] ?? null;
}

/** Detects a file's format by its content (gzip is looked through). */
export function detectFile(path: string): InputFormat | null {
  return detectText(readHead(path));
}
