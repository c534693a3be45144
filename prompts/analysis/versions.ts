/** Every analysis prompt version this build can run (the OpenAI provider, `analysis@VERSION`),
 * keyed by folder name, and the current one. `meta.json` is imported (tsc checks the path and
 * copies it into dist/); the templates (`system.md`, `user.md`) are read beside this module at
 * first use (scripts/copy-assets.mjs copies them into dist/). Parsed and checked in
 * pipeline/analyze/prompt.ts. How to add a version: prompts/README.md. */
import { readFileSync } from 'node:fs';
import meta_2026_12_1 from './2026.12.1/meta.json' with { type: 'json' };

/** What `honne run`, the workers and `honne eval --provider openai` without `--prompt` use. */
export const CURRENT_ANALYSIS_PROMPT = '2026.12.1';

const META: Readonly<Record<string, unknown>> = {
  '2026.12.1': meta_2026_12_1,
};

export interface PromptFiles {
  system: string;
  user: string;
  meta: unknown;
}

/** The files of one saved version, or undefined for an unknown one. */
export function analysisPromptFiles(version: string): PromptFiles | undefined {
  const meta = META[version];
  if (meta === undefined) return undefined;
  const read = (file: string) => readFileSync(new URL(`./${version}/${file}`, import.meta.url), 'utf8');
  return { system: read('system.md'), user: read('user.md'), meta };
}

export const ANALYSIS_PROMPT_VERSIONS: readonly string[] = Object.keys(META);
