import path from 'node:path';

/** How a loaded file is named in documents: never an absolute path of the machine. */
export interface ModuleName {
  /** `@scope/pkg/dist/x.js`, `pkg/index.js`, or `./src/app.js` for the function's own files. */
  module: string;
  /** Package name, or `(app)` for the function's own files. */
  package: string;
}

const NODE_MODULES = `${path.sep}node_modules${path.sep}`;

/**
 * Names a loaded file relative to its package or to the function's root, or returns null for files
 * that are not the function's (Lambda's own runtime under /var/runtime, other absolute locations)
 * and for the profiler's own files.
 */
export function moduleName(file: string, root: string, ownDir: string): ModuleName | null {
  if (ownDir && file.startsWith(ownDir)) return null;
  const at = file.lastIndexOf(NODE_MODULES);
  if (at >= 0) {
    const rest = file.slice(at + NODE_MODULES.length).split(path.sep);
    const pkg = rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1] ?? ''}` : (rest[0] ?? '');
    if (!pkg) return null;
    return { module: rest.join('/'), package: pkg };
  }
  if (root && file.startsWith(root + path.sep)) {
    return {
      module: `./${file
        .slice(root.length + 1)
        .split(path.sep)
        .join('/')}`,
      package: '(app)',
    };
  }
  // Lambda layers outside node_modules: /opt/<rest>.
  if (file.startsWith(`${path.sep}opt${path.sep}`)) {
    return { module: `(layer)/${file.slice(5).split(path.sep).join('/')}`, package: '(layer)' };
  }
  return null;
}
