/** A human name for a source file: package-relative, never an absolute path of the machine. */
export interface SourceName {
  /** `./src/flows.ts`, `lodash/cloneDeep.js`, `@aws-sdk/client-dynamodb/dist-cjs/index.js`. */
  file: string;
  /** Package name, or `(app)` for the function's own files. */
  package: string;
}

const NODE_MODULES = '/node_modules/';

function fromNodeModules(path: string): SourceName | null {
  const at = path.lastIndexOf(NODE_MODULES);
  const rest =
    at >= 0 ? path.slice(at + NODE_MODULES.length) : path.startsWith('node_modules/') ? path.slice(13) : null;
  if (rest === null) return null;
  const parts = rest.split('/');
  const pkg = parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1] ?? ''}` : (parts[0] ?? '');
  return pkg ? { file: rest, package: pkg } : null;
}

/** Drops leading `./` and `../` segments: a relative name is kept relative to the project, not resolved on disk. */
function projectRelative(path: string): string {
  const trimmed = path.replace(/^(\.{1,2}\/)+/, '');
  return `./${trimmed}`;
}

/**
 * Names the original source of a source map entry or a loaded file. Handles what webpack 5
 * (`webpack://<name>/./src/x.ts`, `webpack://<name>/./node_modules/pkg/x.js`) and esbuild (paths
 * relative to the map: `../src/x.ts`, `../node_modules/pkg/x.js`) write, `file://` URLs and absolute
 * paths (relative to `root`, the function's folder, when under it).
 */
export function sourceName(source: string, root: string): SourceName {
  let path = source.replace(/\\/g, '/');
  if (path.startsWith('webpack://')) {
    path = path.slice('webpack://'.length);
    // The namespace is the package's name (`output.uniqueName`), scoped names included: `@scope/name`.
    const scoped = path.startsWith('@') ? path.indexOf('/') + 1 : 0;
    const slash = path.indexOf('/', scoped);
    path = slash >= 0 ? path.slice(slash + 1) : path;
    const inPackage = fromNodeModules(path.startsWith('/') ? path : `/${path.replace(/^(\.{1,2}\/)+/, '')}`);
    if (inPackage) return inPackage;
    if (path.startsWith('webpack/') || path.startsWith('external '))
      return { file: `(webpack)/${path}`, package: '(webpack)' };
    return { file: projectRelative(path), package: '(app)' };
  }
  if (path.startsWith('file://')) {
    path = decodeURIComponent(path.slice('file://'.length));
    if (/^\/[A-Za-z]:\//.test(path)) path = path.slice(1);
  }
  const inPackage = fromNodeModules(path.startsWith('/') ? path : `/${path.replace(/^(\.{1,2}\/)+/, '')}`);
  if (inPackage) return inPackage;
  const absolute = path.startsWith('/') || /^[A-Za-z]:\//.test(path);
  if (absolute) {
    const base = root.replace(/\\/g, '/').replace(/\/$/, '');
    if (base && path.startsWith(`${base}/`)) return { file: `./${path.slice(base.length + 1)}`, package: '(app)' };
    // Lambda layers: /opt/<rest>.
    if (path.startsWith('/opt/')) return { file: `(layer)/${path.slice(5)}`, package: '(layer)' };
    // Outside the function's folder: the last two segments say enough, the machine's layout is not shared.
    const parts = path.split('/').filter(Boolean);
    return { file: `(external)/${parts.slice(-2).join('/')}`, package: '(external)' };
  }
  return { file: projectRelative(path), package: '(app)' };
}

/** A map source as a slash path: scheme dropped, `../` and `./` kept for relative ones. */
function plainPath(source: string): string {
  let path = source.replace(/\\/g, '/');
  if (path.startsWith('file://')) path = decodeURIComponent(path.slice('file://'.length));
  return path;
}

/**
 * The project folder a source map's sources were written against, as a prefix of those sources:
 * what precedes the first `node_modules/` of any source, else the parent of the longest folder all
 * sources share (its last folder, often `src/`, stays in the names).
 * A bundle built outside the function's folder (a CI workspace, a temporary build folder) names its sources
 * `../../../builds/app/src/x.ts` or `file:///builds/app/src/x.ts`; cutting this prefix gives `./src/x.ts`
 * instead of the build machine's layout. Null when the sources are webpack URLs (already project
 * relative) or share nothing.
 */
export function mapProjectRoot(sources: readonly string[]): string | null {
  const paths = sources.filter((s) => !s.startsWith('webpack://')).map(plainPath);
  if (paths.length === 0) return null;
  let fromModules: string | null = null;
  for (const path of paths) {
    const at = path.startsWith('node_modules/') ? 0 : path.indexOf('/node_modules/') + 1;
    if (at > 0 || path.startsWith('node_modules/')) {
      const prefix = path.slice(0, at);
      if (fromModules === null || prefix.length < fromModules.length) fromModules = prefix;
    }
  }
  if (fromModules !== null) return fromModules || null;
  let common = paths[0]!.slice(0, paths[0]!.lastIndexOf('/') + 1);
  for (const path of paths) {
    while (common && !path.startsWith(common)) common = common.slice(0, common.lastIndexOf('/', common.length - 2) + 1);
  }
  common = common.slice(0, common.lastIndexOf('/', common.length - 2) + 1);
  // Only a prefix that actually names folders (`../` alone says nothing about the project).
  return /[^./]/.test(common) ? common : null;
}

/** `sourceName` for an entry of a source map whose sources share `projectRoot` (see mapProjectRoot). */
export function sourceNameInMap(source: string, root: string, projectRoot: string | null): SourceName {
  if (projectRoot !== null && !source.startsWith('webpack://')) {
    const path = plainPath(source);
    if (path.startsWith(projectRoot) && !path.slice(projectRoot.length).startsWith('node_modules/'))
      return { file: `./${path.slice(projectRoot.length)}`, package: '(app)' };
  }
  return sourceName(source, root);
}
