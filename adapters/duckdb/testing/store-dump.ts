/** Every row of every table of a store file, as text: what an attacker holding the file (or
 * its backups) reads. Opens the file directly, without the Store's key check. */
import { DuckDBInstance } from '@duckdb/node-api';

export async function dumpStore(path: string): Promise<{ tables: string[]; text: string }> {
  const instance = await DuckDBInstance.create(path);
  const conn = await instance.connect();
  try {
    const tables = (await conn.runAndReadAll("SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' ORDER BY 1"))
      .getRowObjectsJS()
      .map((r) => String(r['table_name']));
    const dumps: string[] = [];
    for (const t of tables) {
      const rows = (await conn.runAndReadAll(`SELECT * FROM "${t.replaceAll('"', '""')}"`)).getRowObjectsJS();
      dumps.push(`${t}\n${JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v))}`);
    }
    return { tables, text: dumps.join('\n') };
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
