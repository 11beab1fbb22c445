import Module from 'node:module';
import type { ModuleName } from './module-names.js';
import { recordModule } from './table.js';

interface Frame {
  children: number;
  pkg: string;
}

interface CompilingModule {
  _compile(content: string, filename: string, ...rest: unknown[]): unknown;
}

const INSTALLED = Symbol.for('lambda-profiler.cjs-timer.v1');

/**
 * Times CommonJS modules by wrapping `Module.prototype._compile`: one function call per file, no
 * loader hooks (measured the cheapest route, see docs/middleware.md). `_compile` compiles and runs the
 * module body, and nested `require()`s happen inside it, so the wrapper sees inclusive time
 * directly and own time by subtracting its children. ESM importing CJS goes through it too.
 */
export function installCjsTimer(name: (file: string) => ModuleName | null, now: () => number): boolean {
  const proto = (Module as unknown as { prototype: CompilingModule }).prototype;
  const holder = proto as unknown as Record<symbol, boolean>;
  if (holder[INSTALLED]) return false;
  holder[INSTALLED] = true;
  const original = proto._compile;
  const stack: Frame[] = [];
  proto._compile = function timedCompile(this: CompilingModule, content: string, filename: string, ...rest: unknown[]) {
    const named = name(filename);
    if (!named) return original.call(this, content, filename, ...rest);
    const parent = stack[stack.length - 1];
    const frame: Frame = { children: 0, pkg: named.package };
    stack.push(frame);
    const start = now();
    try {
      return original.call(this, content, filename, ...rest);
    } finally {
      const end = now();
      stack.pop();
      const ms = end - start;
      if (parent) parent.children += ms;
      recordModule(named, 'cjs', start, end, ms - frame.children, parent?.pkg !== named.package);
    }
  };
  return true;
}
