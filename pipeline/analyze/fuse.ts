/** Fusing the model's risk signal with the consultant's own assessment.
 *
 * The rule (also in pipeline/analyze/README.md):
 * - the consultant's 1–5 score maps to a level: 1–2 → low, 3 → medium, 4–5 → high;
 * - the level used in reports is the higher of the model's level and the consultant's level.
 *   Risk is reported conservatively: either source can raise it, neither can lower the other.
 * - without a consultant assessment the model's level is used as it is.
 * Both inputs are kept in the stored record, so the rule can change without re-analysis. */
import { InputError } from '../errors.js';
import { StoredRiskSchema, type Risk, type StoredRisk } from '../schemas.js';
import { RISK_LEVELS, type RiskLevel } from '../themes.js';

/** A consultant's 1–5 score as a level: 1–2 low, 3 medium, 4–5 high. */
export function consultantLevel(score: number): RiskLevel {
  if (!Number.isInteger(score) || score < 1 || score > 5) {
    throw new InputError(`consultant score must be a whole number 1-5, got ${score}`, { field: 'consultant_assessment' });
  }
  return score <= 2 ? 'low' : score === 3 ? 'medium' : 'high';
}

/** The higher of two levels (low < medium < high). */
export function higherLevel(a: RiskLevel, b: RiskLevel): RiskLevel {
  return RISK_LEVELS.indexOf(a) >= RISK_LEVELS.indexOf(b) ? a : b;
}

export function fuseRisk(model: Risk, consultantScore: number | undefined): StoredRisk {
  const consultant = consultantScore === undefined ? null : consultantLevel(consultantScore);
  return StoredRiskSchema.parse({
    model_score: model.score,
    model_level: model.level,
    consultant_score: consultantScore ?? null,
    consultant_level: consultant,
    level: consultant === null ? model.level : higherLevel(model.level, consultant),
  });
}
