/** The name check's parsing and scoring, on sentences written here (never the check's data). */
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { parseCheckSentences, redactedMask, renderNameCheck, scoreNameCheck, scoreNameMasks, selectSplit, type CheckSentence } from './ner-check.js';

const at = (text: string, name: string, label: CheckSentence['names'][number]['label'], titled?: boolean): CheckSentence['names'][number] => {
  const start = text.indexOf(name);
  return { start, end: start + name.length, label, ...(titled === undefined ? {} : { titled }) };
};

describe('redactedMask', () => {
  it('recovers which characters the placeholders replaced', () => {
    const mask = redactedMask('森田が来た', '[PERSON]が来た');
    expect(mask).toEqual([true, true, false, false, false]);
    expect(redactedMask('森田と堀が来た', '[PERSON]と[PERSON]が来た')?.map(Number).join('')).toBe('1101000');
    expect(redactedMask('何もない', '何もない')).toEqual([false, false, false, false]);
  });

  it('is null when the redacted text is not the original with placeholders', () => {
    expect(redactedMask('森田が来た', '[PERSON]が行った')).toBeNull();
    expect(redactedMask('森田が来た', '森田が行った')).toBeNull();
  });
});

describe('scoreNameCheck', () => {
  const s1 = '昨日は森田直樹と話してから、新型ラクダ号の発表会を見た。';
  const s2 = 'ミナミ祭りで堀先生に会った。';
  const s3 = '森田が来た。';
  const sentences: CheckSentence[] = [
    { id: 'a', text: s1, names: [at(s1, '森田直樹', 'PERSON', false), at(s1, 'ラクダ号', 'PRODUCT')] },
    { id: 'b', text: s2, names: [at(s2, 'ミナミ祭り', 'EVENT'), at(s2, '堀', 'PERSON', true)] },
    { id: 'c', text: s3, names: [at(s3, '森田', 'PERSON', false)] },
  ];

  it('counts a person as redacted only when all of the name is gone, and any redacted must-survive name', () => {
    const r = scoreNameCheck(sentences, [
      // surname gone, given name left: a partial, counted as missed; the product survives
      '昨日は[PERSON]直樹と話してから、新型ラクダ号の発表会を見た。',
      // the event wrongly redacted, the titled person redacted
      '[ORG]で[PERSON]先生に会った。',
      // cannot be aligned: counted as nothing redacted
      '[PERSON]が来ました。',
    ]);
    expect(r.unaligned).toBe(1);
    expect(r.persons).toEqual({
      total: 3,
      hit: 1,
      rate: 0.3333,
      partial: 1,
      untitled: { total: 2, hit: 0, rate: 0 },
      titled: { total: 1, hit: 1, rate: 1 },
    });
    expect(r.over_redaction).toEqual({
      total: 2,
      hit: 1,
      rate: 0.5,
      per_label: { PRODUCT: { total: 1, hit: 0, rate: 0 }, EVENT: { total: 1, hit: 1, rate: 1 }, WORK_OF_ART: { total: 0, hit: 0, rate: null } },
    });
    const text = renderNameCheck(r, 'x.jsonl');
    expect(text).toContain('person-name recall      33.3 % (1/3 fully redacted; 1 partly)');
    expect(text).toContain('over-redaction          50.0 % (1/2 must-survive names redacted)');
    // Figures only: no sentence or name of the set is printed.
    expect(text).not.toMatch(/森田|ラクダ|ミナミ|堀/u);
  });
});

describe('parseCheckSentences', () => {
  it('reads one sentence per line and names file, line and field of a bad one', () => {
    const good = JSON.stringify({ id: 'a', text: '森田が来た', names: [{ start: 0, end: 2, label: 'PERSON', titled: false }] });
    expect(parseCheckSentences(`${good}\n\n`, 'f.jsonl')).toHaveLength(1);
    const outside = JSON.stringify({ id: 'b', text: '森田', names: [{ start: 0, end: 5, label: 'PERSON' }] });
    const err = (() => {
      try {
        parseCheckSentences(`${good}\n${outside}`, 'f.jsonl');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toBe('a name lies outside its sentence');
    expect((err as InputError).context).toEqual({ file: 'f.jsonl', line: 2, field: 'names' });
    expect(() => parseCheckSentences('{', 'f.jsonl')).toThrow(/invalid JSON/u);
    expect(() => parseCheckSentences(JSON.stringify({ id: 'c', text: 'x', names: [{ start: 0, end: 1, label: 'GPE' }] }), 'f.jsonl')).toThrow(InputError);
  });
});

describe('selectSplit', () => {
  const one = (id: string): CheckSentence => ({ id, text: '森田が来た', names: [{ start: 0, end: 2, label: 'PERSON' }] });
  const all = [one('train-00001'), one('dev-00002'), one('test-00003'), one('train-00004')];

  it('gives the train sentences as the tuning half and dev + test as the check', () => {
    expect(selectSplit(all, 'tuning', 'f.jsonl').map((s) => s.id)).toEqual(['train-00001', 'train-00004']);
    expect(selectSplit(all, 'check', 'f.jsonl').map((s) => s.id)).toEqual(['dev-00002', 'test-00003']);
  });

  it('refuses an id of no known split instead of dropping it from both halves', () => {
    expect(() => selectSplit([...all, one('extra-1')], 'check', 'f.jsonl')).toThrow(/extra-1 has no split prefix/u);
  });
});

describe('scoreNameMasks', () => {
  it('scores character masks as scoreNameCheck scores redacted text', () => {
    const text = '森田と堀が来た';
    const s: CheckSentence = { id: 'a', text, names: [at(text, '森田', 'PERSON', false), at(text, '堀', 'PERSON', false)] };
    const mask = [true, true, false, false, false, false, false];
    expect(scoreNameMasks([s], [mask])).toEqual(scoreNameCheck([s], ['[PERSON]と堀が来た']));
    expect(scoreNameMasks([s], [mask]).persons.hit).toBe(1);
  });
});
