import { loadRecentTurns } from '../store/history.js';
import type { Flow } from './types.js';

export const exportFlow: Flow = {
  intent: 'export',
  slow: true,
  async run({ message, state }, deps) {
    const ExcelJS = await deps.loadWorkbookLibrary();
    const turns = await loadRecentTurns(deps.db, deps.config, state.pk, 100);
    const workbook = new ExcelJS.Workbook();
    workbook.creator = 'botflow';
    const sheet = workbook.addWorksheet('Conversation');
    sheet.columns = [
      { header: 'When', key: 'at', width: 22 },
      { header: 'Command', key: 'intent', width: 10 },
      { header: 'You', key: 'text', width: 60 },
      { header: 'botflow', key: 'reply', width: 60 },
    ];
    for (const turn of [...turns].reverse()) sheet.addRow(turn);
    const bytes = (await workbook.xlsx.writeBuffer()).byteLength;
    return {
      text: `Your export is ready: ${turns.length} messages, ${(bytes / 1024).toFixed(1)} KB (botflow-${message.platform}.xlsx).`,
    };
  },
};
