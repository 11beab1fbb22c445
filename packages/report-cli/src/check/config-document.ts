import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { InputError } from '../cli/errors.js';

/** A path into a parsed config file, e.g. `['functions', 'botFlow', 'tracing']`. */
export type FieldPath = readonly (string | number)[];

/** A parsed YAML or JSON config file that still knows the line of every field. */
export interface ConfigDocument {
  file: string;
  /** Plain JS value; CloudFormation intrinsics become `{ Ref: … }` / `{ 'Fn::Sub': … }` objects. */
  value: unknown;
  /** 1-based line of the field (its key when it has one), or undefined when the path does not exist. */
  lineOf(path: FieldPath): number | undefined;
}

/** `!Ref X` becomes `{ Ref: X }`, `!Condition X` `{ Condition: X }`, every other `!Name` `{ 'Fn::Name': … }`. */
function intrinsicKey(tag: string): string | undefined {
  if (!tag.startsWith('!') || tag.startsWith('!!')) return undefined;
  const name = tag.slice(1);
  if (name === 'Ref' || name === 'Condition') return name;
  return `Fn::${name}`;
}

function toPlain(node: unknown): unknown {
  if (node === null || node === undefined) return null;
  if (isAlias(node)) return null;
  const tag = (node as Node).tag;
  let value: unknown;
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      out[key] = toPlain(pair.value);
    }
    value = out;
  } else if (isSeq(node)) {
    value = node.items.map((item) => toPlain(item));
  } else if (isScalar(node)) {
    value = node.value;
  } else {
    value = null;
  }
  const key = tag ? intrinsicKey(tag) : undefined;
  if (!key) return value;
  // `!GetAtt Role.Arn` is short for `Fn::GetAtt: [Role, Arn]`.
  if (key === 'Fn::GetAtt' && typeof value === 'string') {
    const dot = value.indexOf('.');
    return { [key]: dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
  }
  return { [key]: value };
}

/**
 * Parses YAML (or JSON, a subset of it) with CloudFormation's short-form intrinsic tags tolerated.
 * Syntax errors become one `InputError` naming the file and line.
 */
export function parseConfigDocument(text: string, file: string): ConfigDocument {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false });
  const error = doc.errors[0];
  if (error) {
    const line = lineCounter.linePos(error.pos[0]).line;
    const message = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? 'invalid YAML';
    throw new InputError(`not valid YAML or JSON: ${message}`, { file, line });
  }
  const value = toPlain(doc.contents);
  return {
    file,
    value,
    lineOf(path) {
      if (path.length === 0) return 1;
      const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
      const last = path[path.length - 1];
      if (isMap(parent)) {
        const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(last));
        const keyNode = pair?.key as Node | undefined;
        const range = keyNode?.range ?? (pair?.value as Node | undefined)?.range;
        return range ? lineCounter.linePos(range[0]).line : undefined;
      }
      if (isSeq(parent) && typeof last === 'number') {
        const item = parent.items[last] as Node | undefined;
        return item?.range ? lineCounter.linePos(item.range[0]).line : undefined;
      }
      return undefined;
    },
  };
}

/** Dotted display form of a path: `functions.botFlow.tracing`, `Architectures[0]`. */
export function fieldName(path: FieldPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${part}` : part;
  }
  return out;
}
