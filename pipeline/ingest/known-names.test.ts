import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { openKnownNames, scrubKnownNames, sealKnownNames } from './known-names.js';

const KEY = 'known-names-test-key-0123456789';
const NAMES = ['佐藤 陽向', 'Kenji Ito'];

/** Every way the names' bytes could show: as written, per part, JSON-escaped. */
const traces = (text: string) =>
  ['佐藤', '陽向', 'Kenji', 'Ito', '\\u4f50', '\\u967d'].filter((t) => text.includes(t));

describe('sealed known names', () => {
  it('open to the names under the same key; the seal holds no byte of them and is stable', () => {
    const sealed = sealKnownNames(KEY, NAMES)!;
    expect(openKnownNames(KEY, sealed)).toEqual(NAMES);
    expect(sealKnownNames(KEY, NAMES)).toBe(sealed);
    expect(traces(sealed)).toEqual([]);
    expect(Buffer.from(sealed.split('.')[1]!, 'base64url').includes(Buffer.from('佐藤'))).toBe(false);
    expect(sealKnownNames(KEY, [undefined, ''])).toBeUndefined();
  });

  it('cannot be opened with another key, or once altered (an attacker with the object store but not the key)', () => {
    const sealed = sealKnownNames(KEY, NAMES)!;
    expect(() => openKnownNames('another-key-0123456789', sealed)).toThrow(ConfigError);
    const flipped = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'B' : 'A') + sealed.slice(-1);
    expect(() => openKnownNames(KEY, flipped)).toThrow(/HONNE_PSEUDONYM_KEY/);
    expect(() => openKnownNames(KEY, 'v1.')).toThrow(ConfigError);
  });
});

describe('scrubKnownNames', () => {
  it('withholds a line whose name member cannot be cut out (no closing quote)', () => {
    expect(scrubKnownNames('{"employee_name": "佐藤 陽', undefined)).not.toContain('佐藤');
    expect(scrubKnownNames('{"employee_name": {"x": "佐藤"}}', { employee_name: { x: '佐藤' } })).not.toContain('佐藤');
  });

  it('cuts a name the JSON line spells with escapes, and withholds a broken line whose name key is escaped (attack)', () => {
    // 橘川 沙織 written as \uXXXX escapes; a slash-escaped romaji spelling; an escaped key.
    const escaped = '{"session_id":"q1","started_at":"someday","employee_name":"\\u6a58\\u5ddd \\u6c99\\u7e54"}';
    const slashed = '{"session_id":"q2","consultant_name":"Saori\\/Kikkawa","gender":"Saori/Kikkawa"}';
    const keyed = '{"session_id":"q3","employee\\u005fname":"\\u6a58\\u5ddd \\u6c99\\u7e54"}';
    const scrub = (line: string) => JSON.parse(scrubKnownNames(line, JSON.parse(line) as Record<string, unknown>)) as unknown;
    expect(scrub(escaped)).toEqual({ session_id: 'q1', started_at: 'someday', employee_name: '[PERSON]' });
    expect(scrub(slashed)).toEqual({ session_id: 'q2', consultant_name: '[PERSON]', gender: '[PERSON]' });
    expect(scrub(keyed)).toEqual({ session_id: 'q3', employee_name: '[PERSON]' });
    // Cut off before its end (no record): the escaped key hides a name member.
    expect(scrubKnownNames('{"session_id":"q4","employee\\u005fname":"橘川 沙織",', undefined)).not.toContain('橘川');
    expect(scrubKnownNames('{"session_id":"q5","employee_name":"\\u6a58\\u5ddd', undefined)).not.toContain('\\u6a58');
  });
});
