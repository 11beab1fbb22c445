/**
 * Attribute names used by a DynamoDB condition / filter expression (names only, never values):
 * `#placeholders` resolved through `ExpressionAttributeNames`, `:values` skipped, functions and
 * keywords skipped, nested document paths reduced to their top-level attribute.
 */

const TOKEN = /#[A-Za-z0-9_]+|:[A-Za-z0-9_]+|[A-Za-z_][A-Za-z0-9_]*/g;
const KEYWORDS = new Set([
  'and',
  'or',
  'not',
  'between',
  'in',
  'begins_with',
  'attribute_exists',
  'attribute_not_exists',
  'attribute_type',
  'contains',
  'size',
]);

// Expressions repeat (a function issues the same few shapes), so their tokens are parsed once.
const cache = new Map<string, string[]>();
const CACHE_LIMIT = 256;

function tokens(expression: string): string[] {
  let found = cache.get(expression);
  if (found) return found;
  found = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(expression); m !== null; m = TOKEN.exec(expression)) {
    const token = m[0];
    if (token.charCodeAt(0) === 58 /* : */) continue;
    // `a.b` and `a[0].b`: only the top-level attribute is a name the table knows about.
    const before = expression.charCodeAt(m.index - 1);
    if (before === 46 /* . */) continue;
    if (token.charCodeAt(0) !== 35 /* # */ && KEYWORDS.has(token.toLowerCase())) continue;
    if (!found.includes(token)) found.push(token);
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(expression, found);
  return found;
}

/** Attribute names referenced by `expression`, placeholders resolved, in order of appearance. */
export function expressionAttributeNames(expression: string, names: Record<string, string> | undefined): string[] {
  const raw = tokens(expression);
  const out: string[] = [];
  for (const token of raw) {
    const name = token.charCodeAt(0) === 35 ? (names?.[token] ?? token) : token;
    if (!out.includes(name)) out.push(name);
  }
  return out;
}
