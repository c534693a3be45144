/** The output schemas a prompt's answers are validated against (a prompt's `meta.json` names one:
 * `"schema": "analysis-v1"`). Plain zod, as structured outputs require: objects, arrays, enums,
 * strings, numbers; every field required, `.nullable()` where the model may have nothing — no
 * `.optional()`, `.default()`, `.transform()` or refinements (ranges are checked after, by
 * `AnalysisSchema`). The JSON Schema of the one a prompt names is part of its content hash. */
import { z } from 'zod';
import { RISK_LEVELS, THEME_IDS } from '../themes.js';

const WireRisk = z.object({
  score: z.number().describe('0 to 1'),
  level: z.enum(RISK_LEVELS),
  evidence: z.string().nullable().describe('a short quote from the transcript (as redacted) that supports the level, or null'),
});

export const AnalysisWireV1 = z.object({
  themes: z.array(
    z.object({
      theme: z.enum(THEME_IDS),
      confidence: z.number().describe('0 to 1'),
      evidence: z.string().describe('a short quote from the transcript (as redacted) that shows the worry'),
    }),
  ),
  retention_risk: WireRisk,
  mental_health_risk: WireRisk,
  sentiment: z.number().describe('-1 (very negative) to 1 (very positive)'),
  keywords: z.array(z.string()).describe('the candidate keywords that name what the employee worries about, as given'),
});
export type AnalysisWire = z.infer<typeof AnalysisWireV1>;

export const WIRE_SCHEMAS = { 'analysis-v1': AnalysisWireV1 } as const;
export type WireSchemaName = keyof typeof WIRE_SCHEMAS;
export const WIRE_SCHEMA_NAMES = Object.keys(WIRE_SCHEMAS) as [WireSchemaName, ...WireSchemaName[]];
