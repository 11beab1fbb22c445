import type * as ExcelJs from 'exceljs';

export type WorkbookLibrary = typeof ExcelJs;
export type LoadWorkbookLibrary = () => Promise<WorkbookLibrary>;

async function importExcel(): Promise<WorkbookLibrary> {
  const module = (await import('exceljs')) as unknown as { default?: WorkbookLibrary } & WorkbookLibrary;
  return module.default ?? module;
}

/**
 * The spreadsheet library behind `/export`, a command a few users run once in a while.
 *
 * Planted (init-lazy-load): without the fix the library (hundreds of files, ≈ 0.5 s to load) is
 * imported during init, so every cold start pays for it. This is what a static top-level
 * `import ExcelJS from 'exceljs'` does; it is written as an awaited import so the fix can be switched
 * per run. The fix imports it on the first `/export` and keeps it.
 */
export async function prepareWorkbookLibrary(lazy: boolean): Promise<LoadWorkbookLibrary> {
  if (lazy) {
    let loading: Promise<WorkbookLibrary> | undefined;
    return () => {
      loading ??= importExcel();
      return loading;
    };
  }
  const library = await importExcel();
  return async () => library;
}
