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
