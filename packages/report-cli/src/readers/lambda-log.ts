import type { LogStore } from '../model/log-store.js';
import type { ReportRecord } from '../model/types.js';
import type { Diagnostics } from './diagnostics.js';

/** Where a line came from: file + line for messages, stream for environment inference. */
export interface LineContext {
  file: string;
  line: number;
  /** Log stream name (CloudWatch), or the file for plain text. */
  stream: string;
  isLogStream: boolean;
  /** Event timestamp (ms) when the container format gave one. */
  timestampMs?: number;
  /** A JSON message being collected over its pretty-printed lines (see PrettyMessage). */
  pretty?: PrettyMessage | null;
}

/**
 * A JSON message a log CLI pretty-printed over several lines: `aws logs tail --format json` puts it
 * after its prefix line (`json.dumps(indent=4)`), `sam logs` (CWJsonFormatter) from its prefix line on
 * (`indent=2`). Its lines are collected until the top-level closing bracket, the only line of the
 * value that starts at column 0, and the whole is read as one JSON line: Lambda's JSON log format
 * (`platform.report`) and EMF documents printed this way would otherwise be lost line by line.
 */
export interface PrettyMessage {
  /** Line of the prefix, for warnings. */
  line: number;
  lines: string[];
  chars: number;
}

/**
 * Characters a pretty-printed message may take before it is given up (a CloudWatch Logs event holds
 * at most 1 MB; indentation adds to it): a line that only looked like its start costs no more.
 */
const MAX_PRETTY_CHARS = 8 * 1024 * 1024;

const UUIDISH = '[0-9A-Za-z-]{8,64}';
const S3_EXPORT_PREFIX = /^\d{4}-\d\d-\d\dT[\d:.]+Z (?=(?:START|END|REPORT|INIT_START|INIT_REPORT|XRAY) )/;
const CONSOLE_PREFIX = new RegExp(`^(\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z)\\t(${UUIDISH}|undefined)\\t([A-Z]+)\\t`);
const TIMED_OUT = new RegExp(`(${UUIDISH}) Task timed out after ([\\d.]+) seconds`);
const TRACE_ID = /^1-[0-9a-f]{8}-[0-9a-f]{24}$/;
/**
 * `aws logs tail` output. `--format detailed` (the default) puts each event's time (ISO 8601 with
 * microseconds and a `+00:00` offset, never `Z`) and its log stream before the message; `--format
 * short` the time alone (seconds, UTC, no zone). A message's later lines (the XRAY part of a REPORT)
 * follow bare. Lambda's own `<time>Z <request id> Task timed out…` lines match neither.
 */
const TAIL_DETAILED = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?[+-]\d\d:\d\d) (\S+) /;
const TAIL_SHORT = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d) (?=\S)/;
/**
 * `sam logs` output (samcli/lib/observability/cw_logs/cw_log_formatters.py): the log stream, then the
 * event's time in UTC without a zone (`isoformat()`: microseconds only when not zero), then the
 * message as it was (its later lines bare). Lambda's streams are `YYYY/MM/DD/[version]id`.
 */
const SAM_LOGS = /^(\d{4}\/\d\d\/\d\d\/\[[^\]\s]*\]\S*) (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?) /;

function num(value: string | undefined): number | null {
  if (value === undefined) return null;
  const n = Number.parseFloat(value);
  return Number.isFinite(n) ? n : null;
}

/**
 * The fields of a REPORT (or XRAY) line that a record keeps: tab-separated `Name: value unit`, names
 * and values trimmed, the last of a repeated name wins. Numbers keep their unit: parseFloat stops
 * before ` ms` / ` MB` exactly where stripping the unit would (a number never holds a space or `m`),
 * and skips the same leading whitespace trim() would remove.
 */
interface ReportFieldValues {
  requestId?: string;
  duration?: string;
  billed?: string;
  memorySize?: string;
  maxMemoryUsed?: string;
  initDuration?: string;
  restoreDuration?: string;
  status?: string;
  traceId?: string;
  segmentId?: string;
  errorType?: string;
}

/** The names readReportFields keeps, in the order of its switch. */
const FIELD_NAMES = [
  'RequestId',
  'Duration',
  'Billed Duration',
  'Memory Size',
  'Max Memory Used',
  'Init Duration',
  'Restore Duration',
  'Status',
  'XRAY TraceId',
  'SegmentId',
  'Error Type',
] as const;

/** Printable ASCII other than the space: never trimmed by String.prototype.trim. */
function isPrintable(c: number): boolean {
  return c > 32 && c < 127;
}

/**
 * Index in FIELD_NAMES of the name `text[from, to)` holds once trimmed, or -1. Lambda writes names
 * without surrounding whitespace: those are compared in place, where slicing and trimming each name
 * was one short-lived string per field, 1.2 million per 100,000 invocations.
 */
function fieldIndex(text: string, from: number, to: number): number {
  if (to > from && isPrintable(text.charCodeAt(from)) && isPrintable(text.charCodeAt(to - 1))) {
    const length = to - from;
    for (let i = 0; i < FIELD_NAMES.length; i++) {
      const name = FIELD_NAMES[i]!;
      if (name.length === length && text.startsWith(name, from)) return i;
    }
    return -1;
  }
  return (FIELD_NAMES as readonly string[]).indexOf(text.slice(from, to).trim());
}

/** The fields of `text` from `start` on (a REPORT line after `REPORT `, or an XRAY line). */
function readReportFields(text: string, start: number): ReportFieldValues {
  const f: ReportFieldValues = {};
  while (start < text.length) {
    let end = text.indexOf('\t', start);
    if (end === -1) end = text.length;
    const colon = text.indexOf(': ', start);
    const field = colon !== -1 && colon < end ? fieldIndex(text, start, colon) : -1;
    if (field !== -1) {
      const value = text.slice(colon + 2, end);
      // Numbers untrimmed (parseFloat skips leading whitespace and stops at trailing), strings trimmed.
      switch (field) {
        case 0:
          f.requestId = value.trim();
          break;
        case 1:
          f.duration = value;
          break;
        case 2:
          f.billed = value;
          break;
        case 3:
          f.memorySize = value;
          break;
        case 4:
          f.maxMemoryUsed = value;
          break;
        case 5:
          f.initDuration = value;
          break;
        case 6:
          f.restoreDuration = value;
          break;
        case 7:
          f.status = value.trim();
          break;
        case 8:
          f.traceId = value.trim();
          break;
        case 9:
          f.segmentId = value.trim();
          break;
        case 10:
          f.errorType = value.trim();
          break;
      }
    }
    start = end + 1;
  }
  return f;
}

/** A REPORT line's record, or a message naming the bad field. */
export function parseReportLine(
  line: string,
): { record: Omit<ReportRecord, 'order'> } | { error: string; field: string } {
  // `REPORT RequestId: <id>\tDuration: …` — the first field holds the request id.
  const f = readReportFields(line, 'REPORT '.length);
  const requestId = f.requestId;
  if (!requestId) return { error: 'missing', field: 'RequestId' };
  const duration = num(f.duration);
  if (duration === null || duration < 0) return { error: 'missing or not a number', field: 'Duration' };
  const status = f.status;
  const traceId = f.traceId ?? null;
  return {
    record: {
      requestId,
      durationMs: duration,
      billedMs: num(f.billed),
      memorySizeMb: num(f.memorySize),
      maxMemoryUsedMb: num(f.maxMemoryUsed),
      initDurationMs: num(f.initDuration),
      restoreDurationMs: num(f.restoreDuration),
      traceId: traceId && TRACE_ID.test(traceId) ? traceId : null,
      segmentId: f.segmentId ?? null,
      status: status === 'timeout' || status === 'error' || status === 'failure' ? status : status ? 'success' : null,
      errorType: f.errorType ?? null,
      timestampMs: null,
    },
  };
}

const WHITESPACE = /\s/;

/**
 * `text` from `from` up to its first whitespace (as `split(/\s/, 1)[0]`, without a regex split per
 * START line): printable ASCII is never whitespace, anything else is asked of the regex.
 */
function firstWord(text: string, from: number): string {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c <= 32 || c >= 127) && WHITESPACE.test(text[i]!)) return text.slice(from, i);
  }
  return text.slice(from);
}

/** `Root=1-…;Parent=…;Sampled=1` → trace id and parent. */
function parseTraceHeader(value: unknown): { traceId: string | null; parent: string | null } {
  if (typeof value !== 'string') return { traceId: null, parent: null };
  const root = /Root=(1-[0-9a-f]{8}-[0-9a-f]{24})/.exec(value);
  const parent = /Parent=([0-9a-f]{16})/.exec(value);
  return { traceId: root?.[1] ?? null, parent: parent?.[1] ?? null };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Metric values of an EMF document: each name in its directives whose value is a number or array. */
function readEmf(doc: Record<string, unknown>, store: LogStore): boolean {
  const aws = doc._aws;
  if (!isObject(aws) || !Array.isArray(aws.CloudWatchMetrics)) return false;
  for (const directive of aws.CloudWatchMetrics) {
    if (!isObject(directive) || !Array.isArray(directive.Metrics)) continue;
    for (const metric of directive.Metrics) {
      if (!isObject(metric) || typeof metric.Name !== 'string') continue;
      const value = doc[metric.Name];
      if (typeof value === 'number') store.metric(metric.Name, value);
      else if (Array.isArray(value)) for (const v of value) if (typeof v === 'number') store.metric(metric.Name, v);
    }
  }
  return true;
}

function readPlatformRecord(doc: Record<string, unknown>, ctx: LineContext, store: LogStore, diag: Diagnostics): void {
  const type = doc.type as string;
  const record = doc.record;
  if (!isObject(record)) {
    if (type === 'platform.report') diag.warn({ file: ctx.file, line: ctx.line, field: 'record' }, 'missing');
    return;
  }
  const requestId = typeof record.requestId === 'string' ? record.requestId : null;
  switch (type) {
    case 'platform.initStart':
      store.initStart(
        ctx.stream,
        ctx.isLogStream,
        typeof record.runtimeVersion === 'string' ? record.runtimeVersion : undefined,
      );
      return;
    case 'platform.start':
      if (requestId) store.start(ctx.stream, ctx.isLogStream, requestId);
      return;
    case 'platform.report': {
      const metrics = record.metrics;
      if (!requestId) {
        diag.warn({ file: ctx.file, line: ctx.line, field: 'record.requestId' }, 'missing; record skipped');
        return;
      }
      if (!isObject(metrics) || typeof metrics.durationMs !== 'number') {
        diag.warn({ file: ctx.file, line: ctx.line, field: 'record.metrics.durationMs' }, 'missing; record skipped');
        return;
      }
      const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
      const tracing = isObject(record.tracing)
        ? parseTraceHeader(record.tracing.value)
        : { traceId: null, parent: null };
      const status = record.status;
      const time = typeof doc.time === 'string' ? Date.parse(doc.time) : Number.NaN;
      store.report(ctx.stream, ctx.isLogStream, {
        requestId,
        durationMs: metrics.durationMs,
        billedMs: n(metrics.billedDurationMs),
        memorySizeMb: n(metrics.memorySizeMB),
        maxMemoryUsedMb: n(metrics.maxMemoryUsedMB),
        initDurationMs: n(metrics.initDurationMs),
        restoreDurationMs: n(metrics.restoreDurationMs),
        traceId: tracing.traceId,
        segmentId: tracing.parent,
        status:
          status === 'timeout' || status === 'error' || status === 'failure'
            ? status
            : status === 'success'
              ? 'success'
              : null,
        errorType: typeof record.errorType === 'string' ? record.errorType : null,
        timestampMs: Number.isFinite(time) ? time : (ctx.timestampMs ?? null),
      });
      return;
    }
    default:
      return;
  }
}

function readJsonLine(text: string, ctx: LineContext, store: LogStore, diag: Diagnostics): void {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    // A platform record that does not parse is a bad record; anything else is the function's output.
    if (text.startsWith('{"time"') || text.startsWith('{"_aws"'))
      diag.warn({ file: ctx.file, line: ctx.line }, 'not valid JSON; line skipped');
    return;
  }
  readJsonDocument(doc, ctx, store, diag);
}

/** A parsed JSON message: a `platform.*` record, an EMF document, or an application error line. */
function readJsonDocument(doc: unknown, ctx: LineContext, store: LogStore, diag: Diagnostics): void {
  if (!isObject(doc)) return;
  if (typeof doc.type === 'string' && doc.type.startsWith('platform.')) {
    readPlatformRecord(doc, ctx, store, diag);
    return;
  }
  if (readEmf(doc, store)) return;
  // JSON-format application log lines: an uncaught error is logged at ERROR with errorType.
  if (typeof doc.requestId === 'string' && doc.level === 'ERROR' && typeof doc.errorType === 'string')
    store.error(doc.requestId, doc.errorType);
}

/** A log CLI's prefix on a line: its text, the log stream it names (if any) and the time (ISO 8601). */
interface CliPrefix {
  text: string;
  stream: string | null;
  time: string;
}

/** The `aws logs tail` (detailed or short) or `sam logs` prefix of a line, or null. */
function cliPrefix(line: string): CliPrefix | null {
  const detailed = TAIL_DETAILED.exec(line);
  if (detailed) return { text: detailed[0], stream: detailed[2]!, time: detailed[1]! };
  const short = TAIL_SHORT.exec(line);
  if (short) return { text: short[0], stream: null, time: `${short[1]}Z` };
  const sam = SAM_LOGS.exec(line);
  if (sam) return { text: sam[0], stream: sam[1]!, time: `${sam[2]}Z` };
  return null;
}

/**
 * The message behind a log CLI's prefix: the prefix's log stream (when it names one) and time go onto
 * the file's context, where the message's bare later lines find them.
 */
function readBehindPrefix(line: string, prefix: CliPrefix, ctx: LineContext, store: LogStore, diag: Diagnostics): void {
  if (prefix.stream !== null) {
    ctx.stream = prefix.stream;
    ctx.isLogStream = true;
  }
  ctx.timestampMs = Date.parse(prefix.time);
  const message = line.slice(prefix.text.length);
  // `aws logs tail --format json`: the JSON starts on the next line, behind a prefix that names a
  // stream (the other formats right-strip an empty message, and with it the prefix's last space).
  if (message.length === 0 && prefix.stream !== null) ctx.pretty = { line: ctx.line, lines: [], chars: 0 };
  // `sam logs`: the JSON's opening bracket ends the prefix line.
  else if (message === '{' || message === '[') ctx.pretty = { line: ctx.line, lines: [message], chars: 2 };
  else readLogLine(message, ctx, store, diag);
}

/** A pretty-printed message that looks like Lambda's own output: worth a warning when it does not parse. */
const PRETTY_PLATFORM = /^\s*"type":\s*"platform\.|^\s*"_aws":/m;

/**
 * The next line of a pretty-printed message (ctx.pretty): collected, and the message read once its
 * closing bracket arrives. False when the line is not part of it (the message was cut by the next
 * event, or was no JSON after all): the caller reads the line as usual.
 */
function continuePretty(line: string, pretty: PrettyMessage, ctx: LineContext, diag: Diagnostics): boolean {
  const first = line.charCodeAt(0);
  if (pretty.lines.length === 0 && line !== '{' && line !== '[') {
    // Not JSON: a message that started with a line break, its lines bare as `--format detailed` gives them.
    ctx.pretty = null;
    return false;
  }
  if (first >= 48 && first <= 57 && cliPrefix(line) !== null) {
    ctx.pretty = null;
    diag.warn({ file: ctx.file, line: pretty.line }, 'pretty-printed JSON message cut off by the next event; skipped');
    return false;
  }
  pretty.lines.push(line);
  pretty.chars += line.length + 1;
  if (pretty.chars > MAX_PRETTY_CHARS) {
    ctx.pretty = null;
    diag.warn(
      { file: ctx.file, line: pretty.line },
      `pretty-printed JSON message longer than ${MAX_PRETTY_CHARS / 1024 / 1024} MB; skipped`,
    );
  }
  return true;
}

/** Reads a pretty-printed message whose closing bracket arrived; warnings name its prefix line. */
function readPretty(pretty: PrettyMessage, ctx: LineContext, store: LogStore, diag: Diagnostics): void {
  ctx.pretty = null;
  const text = pretty.lines.join('\n');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    if (PRETTY_PLATFORM.test(text)) diag.warn({ file: ctx.file, line: pretty.line }, 'not valid JSON; message skipped');
    return;
  }
  const line = ctx.line;
  ctx.line = pretty.line;
  try {
    readJsonDocument(doc, ctx, store, diag);
  } finally {
    ctx.line = line;
  }
}

/** End of a log file: a pretty-printed message still open was cut by the file's end. */
export function endOfLogText(ctx: LineContext, diag: Diagnostics): void {
  const pretty = ctx.pretty;
  if (!pretty) return;
  ctx.pretty = null;
  diag.warn(
    { file: ctx.file, line: pretty.line },
    'pretty-printed JSON message cut off by the end of the file; skipped',
  );
}

/**
 * Reads one line of Lambda's log output, text or JSON format: INIT_START / START / END / REPORT
 * (with the XRAY part on the same or the next line), timeouts, invoke errors, EMF documents (bare or
 * behind the `<time>\t<requestId>\t<LEVEL>\t` prefix) and `platform.*` records.
 */
export function readLogLine(raw: string, ctx: LineContext, store: LogStore, diag: Diagnostics): void {
  const pretty = ctx.pretty;
  if (pretty && continuePretty(raw, pretty, ctx, diag)) {
    // The top-level closing bracket: the only line of a pretty-printed value at column 0.
    if (ctx.pretty === pretty && (raw === '}' || raw === ']')) readPretty(pretty, ctx, store, diag);
    return;
  }
  let line = raw;
  if (line.length === 0) return;
  const first = line.charCodeAt(0);
  if (first === 123 /* { */) {
    readJsonLine(line, ctx, store, diag);
    return;
  }
  if (first >= 48 && first <= 57 /* digit: a timestamp prefix */) {
    const s3 = S3_EXPORT_PREFIX.exec(line);
    if (s3) line = line.slice(s3[0].length);
    else {
      const m = CONSOLE_PREFIX.exec(line);
      if (m) {
        const message = line.slice(m[0].length);
        const requestId = m[2]!;
        if (m[3] === 'ERROR' && message.startsWith('Invoke Error')) {
          const type = /"errorType":"([^"]+)"/.exec(message);
          store.error(requestId, type?.[1] ?? null);
        } else if (message.charCodeAt(0) === 123) readJsonLine(message, ctx, store, diag);
        return;
      }
      // `aws logs tail` and `sam logs`: the stream and time hold for the message's bare later lines
      // too, so they are kept on the file's context until the next prefixed line.
      const prefix = cliPrefix(line);
      if (prefix) {
        readBehindPrefix(line, prefix, ctx, store, diag);
        return;
      }
      const t = TIMED_OUT.exec(line);
      if (t) store.timeout(t[1]!, num(t[2]));
      return;
    }
  }
  if (line.startsWith('REPORT ')) {
    const parsed = parseReportLine(line);
    if ('error' in parsed) {
      diag.warn({ file: ctx.file, line: ctx.line, field: `REPORT ${parsed.field}` }, `${parsed.error}; line skipped`);
      return;
    }
    parsed.record.timestampMs = ctx.timestampMs ?? null;
    store.report(ctx.stream, ctx.isLogStream, parsed.record);
    return;
  }
  if (line.startsWith('START RequestId: ')) {
    const id = firstWord(line, 17);
    if (id) store.start(ctx.stream, ctx.isLogStream, id);
    return;
  }
  if (line.startsWith('END RequestId: ')) {
    const id = line.slice(15).trim();
    if (id) store.end(ctx.stream, ctx.isLogStream, id);
    return;
  }
  if (line.startsWith('XRAY TraceId: ')) {
    const f = readReportFields(line, 0);
    const traceId = f.traceId;
    if (traceId && TRACE_ID.test(traceId))
      store.xrayForLastReport(ctx.stream, ctx.isLogStream, traceId, f.segmentId ?? null);
    return;
  }
  if (line.startsWith('INIT_START')) {
    const version = /Runtime Version: (\S+)/.exec(line);
    store.initStart(ctx.stream, ctx.isLogStream, version?.[1]);
    return;
  }
  const t = TIMED_OUT.exec(line);
  if (t) store.timeout(t[1]!, num(t[2]));
}
