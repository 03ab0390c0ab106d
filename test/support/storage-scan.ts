import { RATE_SHARES_ROW } from '../../src/storage/reminder-repository';
import { TABLES, type TableName, type TableStore } from '../../src/storage/table-store';

/**
 * Rows that the process's own machinery rewrites on a timer, whatever a test does: the rate share's
 * claims, renewed by each running worker's heartbeat. They hold nothing about a person, and two
 * snapshots taken a few seconds apart would differ by them alone.
 */
function isMachineryRow(table: TableName, row: { partitionKey?: string; rowKey?: string }): boolean {
  return (
    table === 'reminders' &&
    row.partitionKey === RATE_SHARES_ROW.partitionKey &&
    row.rowKey === RATE_SHARES_ROW.rowKey
  );
}

/**
 * Every stored row of every table, as lower-case text: what a search for a trace of someone sees.
 * Two snapshots are equal when nothing but the rows of the process's own timers changed.
 */
export async function everything(store: TableStore): Promise<string> {
  const texts: string[] = [];
  for (const table of Object.keys(TABLES) as TableName[]) {
    for await (const row of store.client(table).listEntities()) {
      if (!isMachineryRow(table, row)) texts.push(JSON.stringify(row));
    }
  }
  return texts.join('\n').toLowerCase();
}
