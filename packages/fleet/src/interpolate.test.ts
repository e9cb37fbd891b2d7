import { describe, expect, it } from 'vitest';
import { interpolateEnv, InterpolationError, markReferences } from './interpolate.js';

describe('interpolateEnv', () => {
  it('replaces ${NAME} with the variable and records it', () => {
    const r = interpolateEnv('postgres://app:${PW}@${HOST}:5432/app', { PW: 's3cret', HOST: 'db' });
    expect(r.value).toBe('postgres://app:s3cret@db:5432/app');
    expect(r.variables).toEqual(['PW', 'HOST']);
    expect(r.values).toEqual(['s3cret', 'db']);
  });
  it('keeps $${ as a literal ${', () => {
    expect(interpolateEnv('a$${B}c', {}).value).toBe('a${B}c');
  });
  it('refuses unset variables and malformed references, naming them', () => {
    expect(() => interpolateEnv('x${NOPE}', {})).toThrow(/NOPE is not set/);
    expect(() => interpolateEnv('x${NO-PE}', {})).toThrow(InterpolationError);
    expect(() => interpolateEnv('x${OPEN', {})).toThrow(/not a valid reference/);
  });
  it('an empty variable is a value, not an error', () => {
    expect(interpolateEnv('a${E}b', { E: '' }).value).toBe('ab');
  });
});

describe('markReferences', () => {
  it('replaces each reference with a distinct alphanumeric marker', () => {
    const m = markReferences('u:${A}${B}@h');
    expect(m.markers).toHaveLength(2);
    expect(m.value).toBe(`u:${m.markers[0]}${m.markers[1]}@h`);
    expect(m.value).toMatch(/^u:[A-Z0-9]+@h$/);
  });
});
