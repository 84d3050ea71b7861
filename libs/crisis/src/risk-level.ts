/**
 * The forum's four triage levels (see shared/eval/LABELS.md), lowest first, so that an index
 * comparison is a severity comparison.
 */
export const RISK_LEVELS = ['green', 'amber', 'red', 'crisis'] as const;

export type RiskLevel = (typeof RISK_LEVELS)[number];

const RANK: Readonly<Record<RiskLevel, number>> = { green: 0, amber: 1, red: 2, crisis: 3 };

export function isRiskLevel(value: unknown): value is RiskLevel {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(RANK, value);
}

/** Negative when `a` is less severe than `b`, zero when equal, positive when more severe. */
export function compareRiskLevels(a: RiskLevel, b: RiskLevel): number {
  return RANK[a] - RANK[b];
}

/** The most severe of the given levels; `green` when none are given ("when two levels fit, take the higher"). */
export function maxRiskLevel(...levels: RiskLevel[]): RiskLevel {
  let highest: RiskLevel = 'green';
  for (const level of levels) {
    if (RANK[level] > RANK[highest]) highest = level;
  }
  return highest;
}
