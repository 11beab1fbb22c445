/** What `check` reads: the kind of configuration file, detected by content. */
export type ConfigKind = 'serverless' | 'sam' | 'cloudformation' | 'function-configuration';

export const CONFIG_KIND_LABEL: Record<ConfigKind, string> = {
  serverless: 'Serverless Framework',
  sam: 'AWS SAM template',
  cloudformation: 'CloudFormation template',
  'function-configuration': 'aws lambda get-function-configuration output',
};

/**
 * `Active` and `PassThrough` are Lambda's modes; `Disabled` is SAM's/Serverless' explicit off;
 * `unresolved` is a variable or intrinsic the file alone cannot answer.
 */
export type TracingMode = 'Active' | 'PassThrough' | 'Disabled' | 'unresolved';

/** Where a figure came from: the field that set it, or the platform default when none did. */
export interface Provenance {
  /** Dotted field path, e.g. `provider.tracing.lambda`; undefined when a default applies. */
  field?: string;
  line?: number;
  /** Set when no field sets it and the platform's default applies. */
  defaulted?: string;
}

export interface Checked<T> extends Provenance {
  value: T;
}

export type RegisterEntry = 'package' | 'path';

export interface FunctionCheck {
  /** The function's name (Serverless key, FunctionName or the logical id). */
  name: string;
  field: string;
  line?: number;
  tracing: Checked<TracingMode> & { raw?: string };
  contextMissing: Checked<string | null>;
  memoryMb: Checked<number | null>;
  architecture: Checked<string | null>;
  nodeOptions: Checked<string | null> & { registerEntry: RegisterEntry | null; registerSpecifier?: string };
}

export interface CheckResult {
  file: string;
  kind: ConfigKind;
  functions: FunctionCheck[];
  notes: string[];
}
