/** Word lists the detectors consult (`data/names.json`, versioned): English given names and the
 * capitalised words that are never names, the suffixes of schools, clinics and care homes, and
 * English organisation suffixes. Japanese names are not listed here: they come from ENAMDICT
 * (`names.ts`), romaji ones too. Parsed once, at load. */
import { z } from 'zod';
import { ConfigError } from '../errors.js';
import data from './data/names.json' with { type: 'json' };

const words = z.array(z.string().min(1));

export const NameListsSchema = z.object({
  version: z.string().regex(/^redact-lists-\d{4}\.\d{1,2}\.\d+$/),
  en_given_names: words,
  /** Given names that are also ordinary words (Will, May, Grace): only with a surname after
   * them or a naming cue before them. */
  en_ambiguous_given_names: words,
  /** Capitalised words that are never a name on their own. */
  en_common_capitalised: words,
  /** CamelCase product words that are not company names. */
  en_camelcase_words: words,
  facility_suffixes_ja: words,
  /** Words that name a kind of school or clinic, not one (県立, 総合, 心療内科). */
  generic_facility_names_ja: words,
  org_suffixes_en: words,
});
export type NameLists = z.infer<typeof NameListsSchema>;

export interface CompiledLists {
  readonly version: string;
  /** English given names (unambiguous ones). */
  readonly latinNames: ReadonlySet<string>;
  readonly latinAmbiguousNames: ReadonlySet<string>;
  readonly enCommonCapitalised: ReadonlySet<string>;
  readonly camelCaseWords: ReadonlySet<string>;
  readonly facilitySuffixes: readonly string[];
  readonly genericFacilityNames: ReadonlySet<string>;
  readonly orgSuffixesEn: readonly string[];
}

export function compileLists(raw: unknown): CompiledLists {
  const parsed = NameListsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`invalid name lists: ${issue?.message ?? 'schema violation'}`, { file: 'pipeline/redact/data/names.json', field: issue?.path.join('.') });
  }
  const l = parsed.data;
  return {
    version: l.version,
    latinNames: new Set(l.en_given_names.filter((n) => !l.en_ambiguous_given_names.includes(n))),
    latinAmbiguousNames: new Set(l.en_ambiguous_given_names),
    enCommonCapitalised: new Set(l.en_common_capitalised),
    camelCaseWords: new Set(l.en_camelcase_words),
    // Longest first, so 歯科医院 wins over 医院 in an alternation.
    facilitySuffixes: [...l.facility_suffixes_ja].sort((a, b) => b.length - a.length),
    genericFacilityNames: new Set(l.generic_facility_names_ja),
    orgSuffixesEn: [...l.org_suffixes_en].sort((a, b) => b.length - a.length),
  };
}

/** The bundled lists, compiled once. */
export const LISTS: CompiledLists = compileLists(data);
