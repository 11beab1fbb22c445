/**
 * The webpack loader of `LambdaProfilerInitPlugin` (no imports: webpack `require()`s it by path, and
 * the plugin passes the wrapping function in the options object). Source maps pass through: the start
 * marker goes on the module's first line, so only that line's columns move.
 */
interface LoaderContext {
  resourcePath: string;
  getOptions(): { wrap: (source: string, file: string) => string };
  callback(error: Error | null, content?: string, map?: unknown, meta?: unknown): void;
}

module.exports = function lambdaProfilerInitLoader(
  this: LoaderContext,
  source: string,
  map?: unknown,
  meta?: unknown,
): void {
  this.callback(null, this.getOptions().wrap(source, this.resourcePath), map, meta);
};
