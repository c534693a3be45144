import { describe, expect, it } from 'vitest';
import { apply, detect, type RedactContext } from './redact.js';
import { unknownCapitalisedWord } from './unknown-capitals.js';

const redact = (text: string, ctx: RedactContext): string => apply(text, detect(text, ctx));
const speech = (text: string): string => redact(text, { language: 'en', speakerNames: [] });

describe('a capitalised word no dictionary knows, inside an English sentence', () => {
  it.each([
    ['We share the boat with a deckhand, Torvald, most weekends.', 'Torvald'],
    ['Her kid goes to Minami Tsubasa Youchien now.', 'Youchien'],
    ['He works the bar at Osteria Caldaro on weekends.', 'Caldaro'],
    ['They sold the Quinta Arvoredo vineyard last year.', 'Arvoredo'],
    ['Write to me as mei-ling, or ask Xiu-ying at the desk.', 'Xiu-ying'],
    ['The lodge is on 42 Kahaʻole Road.', 'Kahaʻole'],
  ])('%s', (text, name) => {
    const out = speech(text);
    expect(out).not.toContain(name);
  });

  it('takes a listed first name at a sentence start when it is the subject', () => {
    expect(speech('Thanks. Oluwaseun went home early today.')).not.toContain('Oluwaseun');
  });

  it.each([
    ['I grew up in Quixeramobim, a small town.', 'Quixeramobim'],
    ['My sister moved to Quixeramobim in May.', 'Quixeramobim'],
    ['We met at the Ponferrada station.', 'Ponferrada'],
    ['The Ponferrada area was flooded.', 'Ponferrada'],
    ['Mondays and Sundays are the hard ones.', 'Sundays'],
    ['I said it to my Amma and she cried.', 'Amma'],
    ['We moved after Obon, in the heat.', 'Obon'],
    ['Quixeramobim is lovely in spring.', 'Quixeramobim'],
  ])('leaves a place, a plural of a known word, kin and a word of the calendar: %s', (text, word) => {
    expect(speech(text)).toContain(word);
  });

  it('knows words with accents and plurals through the dictionary', () => {
    expect(unknownCapitalisedWord('Café')).toBe(false);
    expect(unknownCapitalisedWord('Sundays')).toBe(false);
    expect(unknownCapitalisedWord('Well-being')).toBe(false);
    expect(unknownCapitalisedWord('Yi-chen')).toBe(true);
  });

  it('reads Japanese speech not at all (brands in Latin letters there are its own rules)', () => {
    expect(redact('来週からQuorvexの研修です。', { language: 'ja', speakerNames: [] })).toContain('Quorvex');
  });
});

describe('attack: a person after from / by / near / in is no place', () => {
  it.each([
    ['I got a voicemail from Ayodele saying sorry.', 'Ayodele'],
    ['There was a text from Radoslaw when I woke up.', 'Radoslaw'],
    ['I was let go, and it was signed by Oksana herself.', 'Oksana'],
    ['I got told off by Mehmet again on Friday.', 'Mehmet'],
    ['At lunch I sat near Thabo and said nothing.', 'Thabo'],
    ['I slept in Nkechi\'s spare room for a week.', 'Nkechi'],
    ['It all came from Ayodele, my cousin, in the end.', 'Ayodele'],
  ])('%s', (text, name) => {
    expect(speech(text)).not.toContain(name);
  });

  it.each([
    ['I grew up near Quixeramobim, in the north.', 'Quixeramobim'],
    ['We drove in from Ponferrada that morning.', 'Ponferrada'],
    ['Life in Quixeramobim\'s old town was slow.', 'Quixeramobim'],
  ])('still leaves a place said as one: %s', (text, word) => {
    expect(speech(text)).toContain(word);
  });
});

describe('attack: common words of a client\'s week are no names', () => {
  it.each([
    ['They moved me from Sertraline to Mirtazapine last month.', ['Sertraline', 'Mirtazapine']],
    ['I scroll Snapchat and Reddit till two.', ['Snapchat', 'Reddit']],
    ['We only shop at Aldi and Lidl now.', ['Aldi', 'Lidl']],
    ['My mother speaks Igbo and a bit of Twi.', ['Igbo', 'Twi']],
    ['We fasted and then had Iftar together for Holi week.', ['Iftar', 'Holi']],
    ['He plays Fortnite and Roblox after school.', ['Fortnite', 'Roblox']],
  ])('%s', (text, words) => {
    const out = speech(text);
    for (const w of words) expect(out).toContain(w);
  });
});
