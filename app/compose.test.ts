/** The composition root wires the guards the adapters are tested with: a transcript or recording
 * under honne's own data folder is refused even when the input root holds that folder. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../pipeline/config.js';
import { recordingOpenerFor, sourceReaderFor } from './compose.js';

const root = mkdtempSync(join(tmpdir(), 'honne-compose-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('sourceReaderFor / recordingOpenerFor', () => {
  it("refuse honne's own data under the input root, and read the rest of it", async () => {
    const config = loadConfig({ HONNE_DATA_DIR: join(root, 'data'), HONNE_PSEUDONYM_KEY: 'compose-test-key-0123456789' });
    mkdirSync(join(root, 'data', 'objects', 'sessions'), { recursive: true });
    writeFileSync(join(root, 'data', 'objects', 'sessions', 'tx-1.transcript.json'), 'A: someone else\n');
    writeFileSync(join(root, 'ok.txt'), 'A: hello\n');
    const ctx = { sessionId: 's1', root };
    const read = sourceReaderFor(config);
    const open = recordingOpenerFor(config);
    for (const attempt of [() => read('data/objects/sessions/tx-1.transcript.json', ctx), () => open('data/objects/sessions/tx-1.transcript.json', ctx)]) {
      await expect(attempt()).rejects.toMatchObject({ code: 'SOURCE_NOT_ALLOWED' });
    }
    expect((await read('ok.txt', ctx)).toString()).toBe('A: hello\n');
  });
});
