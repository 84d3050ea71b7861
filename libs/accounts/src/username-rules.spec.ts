import { describe, expect, it } from '@jest/globals';
import { passwordProblem, usernameProblem } from './username-rules.js';

describe('usernameProblem', () => {
  it.each(['ana', 'Quiet_Heron', 'sober-since-2019', 'a'.repeat(24)])('accepts the pseudonym %s', (name) => {
    expect(usernameProblem(name)).toBeNull();
  });

  it.each([
    ['ab', /3 to 24/],
    ['a'.repeat(25), /3 to 24/],
    ['ana maria', /letters, digits/],
    ['josé', /letters, digits/],
    ['ana@mail.com', /e-mail/],
    ['ana_at_gmail_dot_com', /e-mail/],
    ['6025551234', /phone/],
    ['602-555-1234', /phone/],
    ['call_602_555_12', /phone/],
    ['Moderator', /reserved/],
  ])('refuses %s', (name, reason) => {
    expect(usernameProblem(name)).toMatch(reason);
  });
});

describe('passwordProblem', () => {
  it('asks for at least 10 characters', () => {
    expect(passwordProblem('short')).toMatch(/at least 10/);
    expect(passwordProblem('long enough pw')).toBeNull();
  });
});
