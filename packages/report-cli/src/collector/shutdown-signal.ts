/** Resolves with the first SIGINT or SIGTERM; while waiting, those signals no longer kill the process. */
export function onShutdownSignal(): { signal: Promise<NodeJS.Signals>; dispose: () => void } {
  let dispose = () => {};
  const signal = new Promise<NodeJS.Signals>((resolve) => {
    const handler = (name: NodeJS.Signals) => resolve(name);
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
    dispose = () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    };
  });
  return { signal, dispose };
}
