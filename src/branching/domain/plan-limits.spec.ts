import { branchLimitOf } from './plan-limits.js';

describe('branch limits by plan', () => {
  it.each([
    ['free', 2],
    ['pro', 5],
    ['team', 10],
    ['enterprise', null],
  ] as const)('%s allows %s branches per fork point', (plan, limit) => {
    expect(branchLimitOf(plan)).toEqual({ plan, limit });
  });
});
