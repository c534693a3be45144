/** A versioned prompt (OpenAI) or lexicon (local) a provider runs with, as `NAME@VERSION`
 * (`lexicon@2026.11.1`). Each provider decides which names it knows. */
import { z } from 'zod';

export const PromptRefSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z][\w.-]*@[\w.-]+$/, 'must look like NAME@VERSION, e.g. lexicon@2026.11.1')
  .transform((s) => {
    const at = s.indexOf('@');
    return { name: s.slice(0, at), version: s.slice(at + 1) };
  });
export type PromptRef = z.infer<typeof PromptRefSchema>;
