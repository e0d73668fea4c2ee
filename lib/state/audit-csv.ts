import 'server-only';
import type { AuditEntry } from './audit';

// Spreadsheets run a cell that starts with = + - @ (or a tab/CR before one) as a formula: such cells get a
// leading apostrophe, since actors, targets and details can hold text a user typed.
function cell(value: unknown): string {
  if (value === undefined || value === null) return '';
  let text = typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function auditCsv(entries: readonly AuditEntry[]): string {
  const lines = ['time,actor,action,target,count,detail'];
  for (const e of entries) {
    lines.push(
      [new Date(e.at).toISOString(), e.actor, e.action, e.target, e.count, e.detail].map(cell).join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}
