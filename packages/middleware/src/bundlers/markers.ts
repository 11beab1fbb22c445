/**
 * Build-time init markers: every module of a bundle gets a start call before its top-level code and
 * an end call after it, writing into a small table on `globalThis` that the middleware folds into
 * the init document (collectors/bundle.ts). ESM modules are concatenated in dependency order by both
 * bundlers (imports hoisted), so their markers bracket their own code; CommonJS bodies run nested on
 * `require()`, so the runtime keeps a stack and subtracts children (own time = inclusive − children).
 */

/** Key of the marker table on `globalThis` (shared by every bundle of the process). */
export const BUNDLE_MARKERS_KEY = 'lambda-profiler.bundle-markers.v1';

/** Placeholder the bundler plugins replace with the bytes each module takes in the output. */
export const BYTES_PLACEHOLDER = '/*lambda-profiler:bytes*/null';

// `globalThis.Symbol`, not `Symbol`: a CommonJS module may declare its own hoisted `var Symbol`
// (lodash.isfunction does), which is still undefined where the start call runs.
const ref = `globalThis[globalThis.Symbol.for(${JSON.stringify(BUNDLE_MARKERS_KEY)})]`;

/**
 * The runtime, as one line of ES2015 put first in the bundle (its own line: no source-mapped code is
 * moved). Records are `[name, startMs, endMs, selfMs, parentName]`, `performance.now()` times.
 */
export function markerRuntime(bundler: 'esbuild' | 'webpack', bytes?: Record<string, number>): string {
  const b = bytes ? JSON.stringify(bytes) : BYTES_PLACEHOLDER;
  return (
    `;(function(){var g=globalThis,k=Symbol.for(${JSON.stringify(BUNDLE_MARKERS_KEY)}),b=${b},r=g[k];` +
    `if(r){if(b)Object.assign(r.bytes,b);return;}` +
    `var p=g.performance,st=[];r={bundler:${JSON.stringify(bundler)},bytes:b||{},records:[],` +
    `s:function(n){st.push([n,p.now(),0]);},` +
    `e:function(n){var t=p.now();for(var j=st.length-1;j>=0;j--){if(st[j][0]===n){var f=st[j];st.length=j;var d=t-f[1];` +
    `var q=j>0?st[j-1]:null;if(q)q[2]+=d;r.records.push([n,f[1],t,d-f[2],q?q[0]:null]);return;}}}};g[k]=r;})();\n`
  );
}

// Whitespace, comments, a shebang and a directive prologue ("use strict") must stay first.
const PROLOGUE =
  /^(?:#![^\n]*\n)?(?:\s|\/\/[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*(?:(["'])use strict\1;?(?:[ \t]*(?:\/\/[^\n]*)?\n)?)?/;

/**
 * Wraps one module's source: the start call after its prologue, on the same line (line numbers and
 * therefore source maps stay put), the end call on a new last line.
 */
export function wrapModule(source: string, name: string): string {
  const quoted = JSON.stringify(name);
  const prologue = PROLOGUE.exec(source)?.[0] ?? '';
  return `${prologue}${ref}.s(${quoted});${source.slice(prologue.length)}\n;${ref}.e(${quoted});\n`;
}

/** Files the markers wrap: JavaScript and TypeScript sources, not JSON, CSS or assets. */
export const WRAPPABLE = /\.(?:[cm]?[jt]s|[jt]sx)$/;

/** Where the bundle's own first statement may go: after a shebang, comments and "use strict". */
export function prologueLength(source: string): number {
  return PROLOGUE.exec(source)?.[0].length ?? 0;
}
