/** Every lexicon version this build can run, keyed by its folder name (the VERSION of
 * `lexicon@VERSION`), and the one that is current. The files are imported statically, not found
 * by listing the folder at run time: tsc then checks every path and copies exactly these files
 * into dist/, so the compiled CLI runs the same versions as the sources. Parsed and checked in
 * pipeline/analyze/lexicon.ts. How to add a version: prompts/README.md. */
import ja_2026_11_1 from './2026.11.1/ja.json' with { type: 'json' };
import en_2026_11_1 from './2026.11.1/en.json' with { type: 'json' };
import ja_2026_11_2 from './2026.11.2/ja.json' with { type: 'json' };
import en_2026_11_2 from './2026.11.2/en.json' with { type: 'json' };
import ja_2026_11_3 from './2026.11.3/ja.json' with { type: 'json' };
import en_2026_11_3 from './2026.11.3/en.json' with { type: 'json' };
import ja_2026_11_4 from './2026.11.4/ja.json' with { type: 'json' };
import en_2026_11_4 from './2026.11.4/en.json' with { type: 'json' };
import ja_2026_12_1 from './2026.12.1/ja.json' with { type: 'json' };
import en_2026_12_1 from './2026.12.1/en.json' with { type: 'json' };
import ja_2026_12_2 from './2026.12.2/ja.json' with { type: 'json' };
import en_2026_12_2 from './2026.12.2/en.json' with { type: 'json' };
import ja_2026_12_3 from './2026.12.3/ja.json' with { type: 'json' };
import en_2026_12_3 from './2026.12.3/en.json' with { type: 'json' };
import ja_2026_12_4 from './2026.12.4/ja.json' with { type: 'json' };
import en_2026_12_4 from './2026.12.4/en.json' with { type: 'json' };
import ja_2026_12_5 from './2026.12.5/ja.json' with { type: 'json' };
import en_2026_12_5 from './2026.12.5/en.json' with { type: 'json' };
import ja_2026_12_6 from './2026.12.6/ja.json' with { type: 'json' };
import en_2026_12_6 from './2026.12.6/en.json' with { type: 'json' };
import ja_2026_12_7 from './2026.12.7/ja.json' with { type: 'json' };
import en_2026_12_7 from './2026.12.7/en.json' with { type: 'json' };
import ja_2026_12_8 from './2026.12.8/ja.json' with { type: 'json' };
import en_2026_12_8 from './2026.12.8/en.json' with { type: 'json' };
import ja_2026_12_9 from './2026.12.9/ja.json' with { type: 'json' };
import en_2026_12_9 from './2026.12.9/en.json' with { type: 'json' };
import ja_2026_12_10 from './2026.12.10/ja.json' with { type: 'json' };
import en_2026_12_10 from './2026.12.10/en.json' with { type: 'json' };
import ja_2026_12_11 from './2026.12.11/ja.json' with { type: 'json' };
import en_2026_12_11 from './2026.12.11/en.json' with { type: 'json' };
import ja_2026_12_12 from './2026.12.12/ja.json' with { type: 'json' };
import en_2026_12_12 from './2026.12.12/en.json' with { type: 'json' };
import ja_2026_12_13 from './2026.12.13/ja.json' with { type: 'json' };
import en_2026_12_13 from './2026.12.13/en.json' with { type: 'json' };
import ja_2026_12_14 from './2026.12.14/ja.json' with { type: 'json' };
import en_2026_12_14 from './2026.12.14/en.json' with { type: 'json' };

/** What `honne run`, the workers and `honne eval` without `--prompt` analyse with. */
export const CURRENT_LEXICON = '2026.12.14';

export const LEXICON_VERSIONS: Readonly<Record<string, { ja: unknown; en: unknown }>> = {
  '2026.11.1': { ja: ja_2026_11_1, en: en_2026_11_1 },
  '2026.11.2': { ja: ja_2026_11_2, en: en_2026_11_2 },
  '2026.11.3': { ja: ja_2026_11_3, en: en_2026_11_3 },
  '2026.11.4': { ja: ja_2026_11_4, en: en_2026_11_4 },
  '2026.12.1': { ja: ja_2026_12_1, en: en_2026_12_1 },
  '2026.12.2': { ja: ja_2026_12_2, en: en_2026_12_2 },
  '2026.12.3': { ja: ja_2026_12_3, en: en_2026_12_3 },
  '2026.12.4': { ja: ja_2026_12_4, en: en_2026_12_4 },
  '2026.12.5': { ja: ja_2026_12_5, en: en_2026_12_5 },
  '2026.12.6': { ja: ja_2026_12_6, en: en_2026_12_6 },
  '2026.12.7': { ja: ja_2026_12_7, en: en_2026_12_7 },
  '2026.12.8': { ja: ja_2026_12_8, en: en_2026_12_8 },
  '2026.12.9': { ja: ja_2026_12_9, en: en_2026_12_9 },
  '2026.12.10': { ja: ja_2026_12_10, en: en_2026_12_10 },
  '2026.12.11': { ja: ja_2026_12_11, en: en_2026_12_11 },
  '2026.12.12': { ja: ja_2026_12_12, en: en_2026_12_12 },
  '2026.12.13': { ja: ja_2026_12_13, en: en_2026_12_13 },
  '2026.12.14': { ja: ja_2026_12_14, en: en_2026_12_14 },
};
