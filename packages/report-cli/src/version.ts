// Replaced at build time by tsup and vitest (`define`).
declare const __CLI_VERSION__: string;

export const CLI_VERSION: string = __CLI_VERSION__;
