import { describe, it, expect } from '@jest/globals';
import { RISK_LEVELS, compareRiskLevels, isRiskLevel, maxRiskLevel } from './risk-level.js';

describe('risk levels', () => {
  it('lists the levels from least to most severe', () => {
    expect(RISK_LEVELS).toEqual(['green', 'amber', 'red', 'crisis']);
  });

  it.each([
    ['green', 'amber', -1],
    ['crisis', 'red', 1],
    ['red', 'red', 0],
  ] as const)('compares %s with %s', (a, b, sign) => {
    expect(Math.sign(compareRiskLevels(a, b))).toBe(sign);
  });

  it('takes the higher level when two fit', () => {
    expect(maxRiskLevel('amber', 'crisis', 'red')).toBe('crisis');
    expect(maxRiskLevel('green', 'amber')).toBe('amber');
  });

  it('is green when given nothing', () => {
    expect(maxRiskLevel()).toBe('green');
  });

  it('recognises only the four level names', () => {
    expect(isRiskLevel('red')).toBe(true);
    expect(isRiskLevel('purple')).toBe(false);
    expect(isRiskLevel('constructor')).toBe(false);
  });
});
