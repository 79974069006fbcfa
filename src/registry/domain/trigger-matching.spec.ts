import { matchesEventType, isValidEventTypePattern } from './event-type-pattern.js';
import { filterProblems, matchesFilter } from './trigger-filter.js';
import { matchesAnyTrigger, matchesTrigger } from './trigger-matching.js';

describe('event type patterns', () => {
  it.each([
    ['*', 'deploy', true],
    ['*', 'deploy.prod.failed', true],
    ['deploy.*', 'deploy.started', true],
    ['deploy.*', 'deploy.prod.failed', true],
    ['deploy.*', 'deploy', false],
    ['deploy.*', 'deployment.started', false],
    ['alert.*.critical', 'alert.disk.critical', true],
    ['alert.*.critical', 'alert.disk.warning', false],
    ['alert.*.critical', 'alert.disk.sda.critical', false],
    ['build.deployed', 'build.deployed', true],
    ['build.deployed', 'build.deployed.late', false],
    ['Build.Deployed', 'build.deployed', false],
  ])('%s against %s → %s', (pattern, type, expected) => {
    expect(matchesEventType(pattern, type)).toBe(expected);
  });

  it('validates patterns', () => {
    expect(isValidEventTypePattern('alert.*.critical')).toBe(true);
    expect(isValidEventTypePattern('alert.crit*')).toBe(false);
    expect(isValidEventTypePattern('alert..x')).toBe(false);
    expect(isValidEventTypePattern('')).toBe(false);
  });
});

describe('JSON filters', () => {
  const payload = { env: 'prod', build: { id: 42, tags: ['canary', 'eu'] }, devices: [{ id: 'tv-1' }], note: null };

  it.each([
    ['no filter', undefined, true],
    ['an empty filter', {}, true],
    ['equality on a path', { env: 'prod' }, true],
    ['inequality', { env: 'staging' }, false],
    ['a nested path', { 'build.id': 42 }, true],
    ['an array index', { 'devices.0.id': 'tv-1' }, true],
    ['an index out of range', { 'devices.3.id': 'tv-1' }, false],
    ['deep equality on an array', { 'build.tags': ['canary', 'eu'] }, true],
    ['deep equality, order matters in arrays', { 'build.tags': ['eu', 'canary'] }, false],
    ['deep equality on an object, key order ignored', { devices: [{ id: 'tv-1' }] }, true],
    ['equality with null', { note: null }, true],
    ['a literal never matches a missing path', { missing: null }, false],
    ['$in', { env: { $in: ['staging', 'prod'] } }, true],
    ['$in without the value', { env: { $in: ['dev'] } }, false],
    ['$nin', { env: { $nin: ['dev'] } }, true],
    ['$nin on a missing path', { region: { $nin: ['eu'] } }, true],
    ['$exists true', { note: { $exists: true } }, true],
    ['$exists false on a missing path', { region: { $exists: false } }, true],
    ['$exists false on a present path', { env: { $exists: false } }, false],
    ['$ne', { env: { $ne: 'dev' } }, true],
    ['$eq', { 'build.id': { $eq: 42 } }, true],
    ['a range', { 'build.id': { $gte: 40, $lt: 43 } }, true],
    ['a range that fails one bound', { 'build.id': { $gt: 42 } }, false],
    ['a numeric range on a string', { env: { $gt: 1 } }, false],
    ['string comparison', { env: { $gte: 'p' } }, true],
    ['every entry must hold', { env: 'prod', 'build.id': 41 }, false],
  ])('%s', (_case, filter, expected) => {
    expect(matchesFilter(filter, payload)).toBe(expected);
  });

  it('reports unknown operators and malformed operands with their path', () => {
    expect(filterProblems({ env: { $regex: 'p.*' }, 'a..b': 1, x: { $in: 'prod' }, y: { $exists: 'yes' }, z: { $gt: [1] } })).toEqual([
      ['env.$regex', expect.stringContaining('unknown operator')],
      ['a..b', expect.stringContaining('non-empty segments')],
      ['x.$in', 'needs an array of values'],
      ['y.$exists', 'needs true or false'],
      ['z.$gt', 'needs a number or a string'],
    ]);
  });
});

describe('trigger matching', () => {
  const event = { type: 'alert.blackscreen', payload: { device: 'tv-1', severity: 'critical' } };

  it('needs the type and the filter to match', () => {
    expect(matchesTrigger({ eventType: 'alert.*', filter: { severity: 'critical' } }, event)).toBe(true);
    expect(matchesTrigger({ eventType: 'alert.*', filter: { severity: 'warning' } }, event)).toBe(false);
    expect(matchesTrigger({ eventType: 'deploy.*', filter: { severity: 'critical' } }, event)).toBe(false);
  });

  it('wakes an agent when any trigger matches', () => {
    expect(matchesAnyTrigger([{ eventType: 'deploy.*' }, { eventType: 'alert.blackscreen' }], event)).toBe(true);
    expect(matchesAnyTrigger([], event)).toBe(false);
  });
});
