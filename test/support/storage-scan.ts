import { TABLES, type TableName, type TableStore } from '../../src/storage/table-store';

/** Every stored row of every table, as lower-case text: what a search for a trace of someone sees. */
export async function everything(store: TableStore): Promise<string> {
  const texts: string[] = [];
  for (const table of Object.keys(TABLES) as TableName[]) {
    for await (const row of store.client(table).listEntities()) texts.push(JSON.stringify(row));
  }
  return texts.join('\n').toLowerCase();
}
