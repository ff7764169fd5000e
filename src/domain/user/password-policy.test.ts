import { describe, expect, it } from 'vitest';
import { passwordProblem, utf8Length } from './password-policy.js';

describe('password policy (8..72 UTF-8 bytes)', () => {
  it('counts bytes, not characters', () => {
    expect(utf8Length('abc')).toBe(3);
    expect(utf8Length('é')).toBe(2);
    expect(utf8Length('€')).toBe(3);
    expect(utf8Length('😀')).toBe(4);
  });

  it.each([
    ['7 bytes', 'a'.repeat(7), false],
    ['8 bytes', 'a'.repeat(8), true],
    ['72 bytes', 'a'.repeat(72), true],
    ['73 bytes', 'a'.repeat(73), false],
    ['18 emoji = 72 bytes', '😀'.repeat(18), true],
    ['25 euro signs = 75 bytes though only 25 characters', '€'.repeat(25), false],
    ['NUL inside', 'abcdefgh\u0000', false],
  ])('%s → acceptable: %s', (_label, password, ok) => {
    expect(passwordProblem(password) === null).toBe(ok);
  });
});
