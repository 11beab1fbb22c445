import { REGISTER_SPECIFIER } from './node-options.js';
import { type Checked, type CheckResult, CONFIG_KIND_LABEL, type ConfigKind, type FunctionCheck } from './types.js';

/** Functions whose tracing is not Active: the gate of `check` (exit code 3). */
export function tracingNotActive(result: CheckResult): FunctionCheck[] {
  return result.functions.filter((f) => f.tracing.value !== 'Active');
}

function where(c: { field?: string; line?: number; defaulted?: string }): string {
  if (c.defaulted) return c.defaulted;
  if (!c.field) return '';
  return c.line ? `${c.field}, line ${c.line}` : c.field;
}

const HOW_TO_ACTIVATE: Record<ConfigKind, (f: FunctionCheck) => string> = {
  serverless: (f) => `set \`provider.tracing.lambda: true\` (all functions) or \`functions.${f.name}.tracing: Active\``,
  sam: () => 'set `Tracing: Active` under `Globals.Function` (all functions) or the function’s `Properties`',
  cloudformation: () => 'set `TracingConfig: { Mode: Active }` in the function’s `Properties`',
  'function-configuration': (f) =>
    `run \`aws lambda update-function-configuration --function-name ${f.name} --tracing-config Mode=Active\``,
};

function row(label: string, value: string, c: Checked<unknown>): string {
  const source = where(c);
  return `  ${label.padEnd(26)} ${value.padEnd(16)}${source ? ` ${source}` : ''}`;
}

function registerText(f: FunctionCheck): string {
  if (f.nodeOptions.registerEntry === 'package') return `yes (${f.nodeOptions.registerSpecifier})`;
  if (f.nodeOptions.registerEntry === 'path') return `yes, file (${f.nodeOptions.registerSpecifier})`;
  return 'no';
}

function renderFunction(f: FunctionCheck, kind: ConfigKind): string[] {
  const tracing = f.tracing.value === 'unresolved' ? `unresolved (${f.tracing.raw})` : f.tracing.value;
  const lines = [
    `${f.name}  (${f.field}${f.line ? `, line ${f.line}` : ''})`,
    row('Tracing', tracing, f.tracing),
    row('AWS_XRAY_CONTEXT_MISSING', f.contextMissing.value ?? 'not set', f.contextMissing),
    row('Memory', f.memoryMb.value === null ? 'unresolved' : `${f.memoryMb.value} MB`, f.memoryMb),
    row('Architecture', f.architecture.value ?? 'unresolved', f.architecture),
    row('Register entry', registerText(f), f.nodeOptions),
  ];
  if (f.tracing.value !== 'Active') lines.push(`  ! tracing is not Active: ${HOW_TO_ACTIVATE[kind](f)}`);
  if (f.contextMissing.value === 'RUNTIME_ERROR') {
    lines.push('  ! AWS_XRAY_CONTEXT_MISSING=RUNTIME_ERROR throws when code runs outside a traced invocation');
  }
  if (!f.nodeOptions.registerEntry) {
    lines.push(
      `  - to time imports from the first module, add \`--import ${REGISTER_SPECIFIER}\` to NODE_OPTIONS ` +
        '(optional; init phases are still reported without it)',
    );
  }
  return lines;
}

/** Plain-text result of `check`: one block per function, then the verdict. Pure. */
export function renderCheck(result: CheckResult): string {
  const off = tracingNotActive(result);
  const count = result.functions.length;
  const lines = [`${result.file}: ${CONFIG_KIND_LABEL[result.kind]}, ${count} function${count === 1 ? '' : 's'}`, ''];
  for (const f of result.functions) lines.push(...renderFunction(f, result.kind), '');
  for (const note of result.notes) lines.push(`Note: ${note}`);
  lines.push(
    off.length === 0
      ? `OK: tracing is Active for ${count === 1 ? 'the function' : `all ${count} functions`}.`
      : `FAIL: tracing is not Active for ${off.map((f) => f.name).join(', ')}.`,
  );
  return `${lines.join('\n')}\n`;
}
