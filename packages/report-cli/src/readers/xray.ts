import { InputError } from '../cli/errors.js';
import type { TraceAssembler } from '../model/assembler.js';
import type { XrayDoc } from '../model/types.js';
import type { Diagnostics } from './diagnostics.js';
import { forEachArrayElement, forEachJsonDocument, forEachWholeDocument } from './json-file.js';
import { forEachLine, SMALL_CHUNK_BYTES } from './lines.js';

let lastTraceId = '';

/** Whether the char code is a lowercase hex digit. */
function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102);
}

/**
 * `1-` + 8 lowercase hex + `-` + 24 lowercase hex (what /^1-[0-9a-f]{8}-[0-9a-f]{24}$/ accepts),
 * read char by char: the regex was 0.6 % of `generate`'s profile at one test per trace.
 */
function isTraceIdText(id: string): boolean {
  if (id.length !== 35 || id.charCodeAt(0) !== 49 || id.charCodeAt(1) !== 45 || id.charCodeAt(10) !== 45) return false;
  for (let i = 2; i < 10; i++) if (!isHex(id.charCodeAt(i))) return false;
  for (let i = 11; i < 35; i++) if (!isHex(id.charCodeAt(i))) return false;
  return true;
}

/**
 * Trace id check; a trace's ~10 documents mostly come in a row, so the last valid id is remembered.
 * (A Set of recent ids cost a look-up and an insert per trace for the rare id seen out of a row.)
 */
function isTraceId(id: string): boolean {
  if (id === lastTraceId) return true;
  if (!isTraceIdText(id)) return false;
  lastTraceId = id;
  return true;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Checks the fields the model relies on; returns the bad field's name, or null when usable. */
export function badDocField(doc: unknown, traceIdFallback?: string): { field: string; message: string } | null {
  if (!isObject(doc)) return { field: '(document)', message: 'not a JSON object' };
  if (typeof doc.id !== 'string' || doc.id.length === 0) return { field: 'id', message: 'missing or not a string' };
  if (typeof doc.name !== 'string') return { field: 'name', message: 'missing or not a string' };
  if (typeof doc.start_time !== 'number' || !Number.isFinite(doc.start_time))
    return { field: 'start_time', message: 'missing or not a number' };
  if (doc.end_time !== undefined && (typeof doc.end_time !== 'number' || !Number.isFinite(doc.end_time)))
    return { field: 'end_time', message: 'not a number' };
  if (doc.end_time === undefined && doc.in_progress !== true)
    return { field: 'end_time', message: 'missing (and not in_progress)' };
  const traceId = doc.trace_id ?? traceIdFallback;
  if (typeof traceId !== 'string' || !isTraceId(traceId))
    return { field: 'trace_id', message: 'missing or not an X-Ray trace id (1-xxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxx)' };
  return null;
}

/** Where a document came from, for warnings: a file, and the line a document of several starts on. */
interface Source {
  file: string;
  line?: number;
}

/** One document handed to the assembler, or a warning naming where and which field. */
function accept(
  raw: unknown,
  where: { file: string; line?: number; path?: string },
  assembler: TraceAssembler,
  diag: Diagnostics,
  traceIdFallback?: string,
): string | null {
  const bad = badDocField(raw, traceIdFallback);
  if (bad) {
    const field = where.path ? `${where.path}.${bad.field}` : bad.field;
    diag.warn({ file: where.file, line: where.line, field }, `${bad.message}; document skipped`);
    return null;
  }
  const doc = raw as unknown as XrayDoc;
  const traceId = (doc.trace_id ?? traceIdFallback) as string;
  assembler.add(doc, traceId);
  return traceId;
}

const DAEMON_HEADER = '{"format":"json","version":1}';

/**
 * NDJSON of segment documents (what `collect` and `run` write), daemon header lines tolerated.
 * `onBytes` hears how far the file has been read (progress of large inputs).
 */
export async function readXrayNdjson(
  file: string,
  assembler: TraceAssembler,
  diag: Diagnostics,
  onBytes?: (bytesRead: number) => void,
): Promise<void> {
  await forEachLine(
    file,
    (line, lineNo) => {
      if (line.length === 0 || line === DAEMON_HEADER) return;
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch {
        if (/^\s*$/.test(line)) return;
        diag.warn({ file, line: lineNo }, 'not valid JSON; line skipped');
        return;
      }
      if (isObject(raw) && raw.format === 'json' && raw.version === 1 && raw.id === undefined) return;
      // accept() inlined: no location object per line.
      const bad = badDocField(raw);
      if (bad) {
        diag.warn({ file, line: lineNo, field: bad.field }, `${bad.message}; document skipped`);
        return;
      }
      const doc = raw as XrayDoc;
      assembler.add(doc, doc.trace_id as string);
    },
    { chunkBytes: SMALL_CHUNK_BYTES, onBytes },
  );
}

/**
 * A field's path in the file for a warning: `rest` under trace `i` of the array at `list` (`Traces`,
 * `[2].Traces`, or '' for a top-level array), or `rest` alone for a file that is one trace (i < 0).
 * Built only when a warning is given.
 */
function fieldAt(list: string, i: number, rest: string): string {
  return i < 0 ? rest : `${list}[${i}].${rest}`;
}

/**
 * One segment's `Document` (a JSON string, or an object), handed to the assembler; its trace id, or
 * null with a warning naming `path(j)` (built only then: no string, nor closure, per segment).
 * `fallback`: the trace's `Id`.
 */
function readDocument(
  text: unknown,
  path: (j: number) => string,
  j: number,
  fallback: string | undefined,
  at: Source,
  assembler: TraceAssembler,
  diag: Diagnostics,
): string | null {
  let raw: unknown;
  if (typeof text === 'string') {
    try {
      raw = JSON.parse(text);
    } catch {
      diag.warn({ ...at, field: path(j) }, 'not valid JSON; segment skipped');
      return null;
    }
  } else if (isObject(text)) raw = text;
  else {
    diag.warn({ ...at, field: path(j) }, 'missing; segment skipped');
    return null;
  }
  const bad = badDocField(raw, fallback);
  if (bad) {
    diag.warn({ ...at, field: `${path(j)}.${bad.field}` }, `${bad.message}; document skipped`);
    return null;
  }
  const doc = raw as XrayDoc;
  const traceId = (doc.trace_id ?? fallback) as string;
  assembler.add(doc, traceId);
  return traceId;
}

/**
 * A trace's segments (`[{Id, Document}]`), the trace assembled at its end. `path(j)`: where segment
 * j's `Document` is in the file, for warnings.
 */
function readSegments(
  segments: unknown[],
  fallback: string | undefined,
  path: (j: number) => string,
  at: Source,
  assembler: TraceAssembler,
  diag: Diagnostics,
): void {
  // A batch-get-traces trace has one trace id: the ids seen are kept in a list, not a Set per trace.
  const seen: string[] = [];
  for (let j = 0; j < segments.length; j++) {
    const segment = segments[j];
    const traceId = readDocument(
      isObject(segment) ? segment.Document : undefined,
      path,
      j,
      fallback,
      at,
      assembler,
      diag,
    );
    if (traceId !== null && !seen.includes(traceId)) seen.push(traceId);
  }
  for (const id of seen) assembler.endTrace(id);
}

/** One trace (`{Id, Segments: [{Id, Document}]}`), `Document` a JSON string or an object. */
function readTraceObject(
  trace: unknown,
  list: string,
  i: number,
  at: Source,
  assembler: TraceAssembler,
  diag: Diagnostics,
): void {
  if (!isObject(trace) || !Array.isArray(trace.Segments)) {
    diag.warn({ ...at, field: fieldAt(list, i, 'Segments') }, 'missing or not an array; trace skipped');
    return;
  }
  const fallback = typeof trace.Id === 'string' ? trace.Id : undefined;
  readSegments(trace.Segments, fallback, (j) => fieldAt(list, i, `Segments[${j}].Document`), at, assembler, diag);
}

/** A batch-get-traces page's `Traces` (at `list` in the file), each trace released as soon as read. */
function readPage(traces: unknown[], list: string, at: Source, assembler: TraceAssembler, diag: Diagnostics): void {
  for (let i = 0; i < traces.length; i++) {
    readTraceObject(traces[i], list, i, at, assembler, diag);
    // A 1,000-trace page (≈ 6 MB of Document strings) otherwise lived through the scavenges of its
    // own processing and was promoted whole, and old space filled with dead pages (100 pages parsed
    // whole: peak RSS 560-600 MB against ≈ 400 MB with this).
    traces[i] = null;
  }
}

/**
 * One element of a top-level array, by its own shape: a page (`{Traces: […]}`), a trace
 * (`--query 'Traces[*]'`: `{Id, Segments}`), a trace's segments (`--query 'Traces[*].Segments'`),
 * one segment (`--query 'Traces[].Segments[]'`: `{Id, Document}`), a document as a JSON string
 * (`--query 'Traces[].Segments[].Document'`), or else a segment document.
 */
function readArrayItem(item: unknown, i: number, at: Source, assembler: TraceAssembler, diag: Diagnostics): void {
  if (isObject(item) && Array.isArray(item.Traces)) readPage(item.Traces, `[${i}].Traces`, at, assembler, diag);
  else if (isObject(item) && Array.isArray(item.Segments)) readTraceObject(item, '', i, at, assembler, diag);
  else if (Array.isArray(item)) readSegments(item, undefined, (j) => `[${i}][${j}].Document`, at, assembler, diag);
  else if (isObject(item) && 'Document' in item && item.trace_id === undefined)
    readDocument(item.Document, () => `[${i}].Document`, i, undefined, at, assembler, diag);
  else if (typeof item === 'string') readDocument(item, () => `[${i}]`, i, undefined, at, assembler, diag);
  else accept(item, { ...at, path: `[${i}]` }, assembler, diag);
}

/**
 * Whole-file X-Ray JSON: `aws xray batch-get-traces` output (`{Traces:[{Id, Segments:[{Id, Document}]}]}`
 * with `Document` a JSON string), the `--query 'Traces[*]'` array, an array of such pages, an array of
 * segment documents, or one trace (`{Id, Segments}`); or several of these one after another. Files
 * shaped `{"Traces": […]}` or `[{…}, …]` are read one element at a time (forEachArrayElement), several
 * documents one at a time; anything else (gzip, a single document) is parsed whole.
 */
export async function readXrayJson(
  file: string,
  assembler: TraceAssembler,
  diag: Diagnostics,
  onBytes?: (bytesRead: number) => void,
): Promise<void> {
  const at = { file };
  const readTrace = (trace: unknown, i: number) => readTraceObject(trace, 'Traces', i, at, assembler, diag);
  if (await forEachArrayElement(file, 'Traces', readTrace, onBytes)) return;
  const readItem = (item: unknown, i: number) => readArrayItem(item, i, at, assembler, diag);
  if (await forEachArrayElement(file, null, readItem, onBytes)) return;
  // Several documents one after another (`aws xray batch-get-traces … >> file` in a loop).
  const readDocument = (value: unknown, line: number) => readXrayValue(value, { file, line }, assembler, diag);
  if (await forEachJsonDocument(file, readDocument, onBytes)) return;
  await forEachWholeDocument(file, (value, line) =>
    readXrayValue(value, line === undefined ? at : { file, line }, assembler, diag),
  );
}

/** A parsed X-Ray JSON document (the shapes of readXrayJson), from `at` (a file, or a line of one). */
export function readXrayValue(value: unknown, at: Source, assembler: TraceAssembler, diag: Diagnostics): void {
  if (isObject(value) && Array.isArray(value.Traces)) readPage(value.Traces, 'Traces', at, assembler, diag);
  else if (Array.isArray(value)) for (let i = 0; i < value.length; i++) readArrayItem(value[i], i, at, assembler, diag);
  // One trace: the X-Ray console's raw data, `--query 'Traces[0]'`.
  else if (isObject(value) && Array.isArray(value.Segments)) readTraceObject(value, '', -1, at, assembler, diag);
  else if (isObject(value) && typeof value.trace_id === 'string') accept(value, at, assembler, diag);
  else throw new InputError('no X-Ray traces found (expected batch-get-traces output or segment documents)', at);
}
