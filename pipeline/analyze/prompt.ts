/** Model prompts as files: `prompts/<name>/<version>/` holds the template (`system.md`, the
 * instructions; `user.md`, the message that carries the transcript), and `meta.json`: the model,
 * the temperature, the output schema it is validated against (`wire.ts`), how many tokens of
 * transcript one request carries, the date and one changelog line. Addressed `NAME@VERSION`
 * (`analysis@2026.12.1`) or `NAME@working` (the draft folder, read from disk when it runs).
 * Parsed here; the provider (adapters/openai) renders and sends it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ANALYSIS_PROMPT_VERSIONS, CURRENT_ANALYSIS_PROMPT, analysisPromptFiles, type PromptFiles } from '../../prompts/analysis/versions.js';
import { ConfigError } from '../errors.js';
import { THEME_IDS, THEME_LABELS } from '../themes.js';
import { contentHash } from './content-hash.js';
import { WORKING_VERSION } from './lexicon.js';
import { WIRE_SCHEMAS, WIRE_SCHEMA_NAMES, type WireSchemaName } from './wire.js';

export const PromptMetaSchema = z.strictObject({
  date: z.iso.date(),
  changelog: z.string().min(10),
  model: z.string().min(1),
  temperature: z.number().min(0).max(2),
  schema: z.enum(WIRE_SCHEMA_NAMES),
  /** Tokens of transcript one request carries at most; a longer transcript is split into parts
   * (at turn boundaries) whose answers are merged. */
  chunk_tokens: z.number().int().min(500),
});
export type PromptMeta = z.infer<typeof PromptMetaSchema>;

export interface Prompt {
  name: string;
  /** The folder (`2026.12.1`, or `working`). */
  version: string;
  /** `system.md` with `{{themes}}` filled in. */
  system: string;
  /** `user.md`: `{{language}}`, `{{keywords}}`, `{{part}}`, `{{parts}}`, `{{transcript}}`. */
  user: string;
  meta: PromptMeta;
  schemaName: WireSchemaName;
  /** Content hash of everything that decides the answer: the rendered system text, the user
   * template, model, temperature, chunk size and the output schema's JSON Schema (not the date
   * or the changelog). */
  hash: string;
}

const USER_SLOTS = ['language', 'keywords', 'part', 'parts', 'transcript'] as const;
export type UserSlots = Record<(typeof USER_SLOTS)[number], string>;

/** The theme ids with their labels, one per line, for `{{themes}}`. */
const themeList = (): string => THEME_IDS.map((id) => `- \`${id}\`: ${THEME_LABELS[id].en} (${THEME_LABELS[id].ja})`).join('\n');

/** Validates one version's files; throws ConfigError naming the file and field. */
export function parsePrompt(files: PromptFiles, name: string, version: string, folder = `prompts/${name}/${version}`): Prompt {
  const parsed = PromptMetaSchema.safeParse(files.meta);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`invalid prompt metadata: ${issue?.message ?? 'schema violation'}`, { file: `${folder}/meta.json`, field: issue?.path.join('.') }, { cause: parsed.error });
  }
  if (!files.system.includes('{{themes}}')) throw new ConfigError('the system template must list the themes with {{themes}}', { file: `${folder}/system.md` });
  for (const slot of USER_SLOTS.filter((s) => s !== 'keywords')) {
    if (!files.user.includes(`{{${slot}}}`)) throw new ConfigError(`the user template must hold {{${slot}}}`, { file: `${folder}/user.md` });
  }
  const meta = parsed.data;
  const system = files.system.replaceAll('{{themes}}', themeList());
  const schema = z.toJSONSchema(WIRE_SCHEMAS[meta.schema]);
  const hash = contentHash({ system, user: files.user, model: meta.model, temperature: meta.temperature, chunk_tokens: meta.chunk_tokens, schema });
  return { name, version, system, user: files.user, meta, schemaName: meta.schema, hash };
}

/** Fills the user template; each slot once, so text in one slot is never read as another's. */
export function renderUser(prompt: Prompt, slots: UserSlots): string {
  return prompt.user.replace(/\{\{(\w+)\}\}/g, (whole, slot: string) => (slot in slots ? slots[slot as keyof UserSlots] : whole));
}

/** The prompt names this build knows. */
const SAVED: Record<string, { versions: readonly string[]; current: string; files: (v: string) => PromptFiles | undefined }> = {
  analysis: { versions: ANALYSIS_PROMPT_VERSIONS, current: CURRENT_ANALYSIS_PROMPT, files: analysisPromptFiles },
};

export const PROMPT_NAMES = Object.keys(SAVED);

/** `NAME@VERSION` (saved, bundled), `NAME@working` (read from `<promptsDir>/<name>/working/`
 * now), or the current version of `name` when `version` is undefined. */
export function loadPrompt(name: string, version: string | undefined, promptsDir: string): Prompt {
  const saved = SAVED[name];
  if (saved === undefined) throw new ConfigError(`unknown prompt "${name}" (available: ${PROMPT_NAMES.join(', ')})`, { field: 'prompt' });
  const v = version ?? saved.current;
  if (v === WORKING_VERSION) return readWorkingPrompt(name, promptsDir);
  const files = saved.files(v);
  if (files === undefined) throw new ConfigError(`unknown ${name} prompt version "${v}" (available: ${[...saved.versions].reverse().join(', ')}, working)`, { field: 'prompt' });
  return parsePrompt(files, name, v);
}

function readWorkingPrompt(name: string, promptsDir: string): Prompt {
  const folder = join(promptsDir, name, WORKING_VERSION);
  const read = (file: string): string => {
    try {
      return readFileSync(join(folder, file), 'utf8');
    } catch (err) {
      const current = SAVED[name]?.current ?? '';
      throw new ConfigError(`cannot read the working ${name} prompt: no ${file} (copy a saved version first: cp -r prompts/${name}/${current} ${folder})`, { file: join(folder, file) }, { cause: err });
    }
  };
  let meta: unknown;
  try {
    meta = JSON.parse(read('meta.json'));
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError(`the working ${name} prompt's meta.json is not valid JSON: ${(err as Error).message}`, { file: join(folder, 'meta.json') });
  }
  return parsePrompt({ system: read('system.md'), user: read('user.md'), meta }, name, WORKING_VERSION, folder);
}
