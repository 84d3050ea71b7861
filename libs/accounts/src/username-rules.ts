export const USERNAME_MIN = 3;
export const USERNAME_MAX = 24;
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

const RESERVED = new Set(['admin', 'administrator', 'moderator', 'mod', 'mods', 'staff', 'system', 'anonymous', 'anon', 'op', 'support', 'help', 'crisis', 'guest']);

/**
 * Why a username cannot be used, or null when it can. A pseudonym that is an e-mail address
 * or a phone number would expose the member, so those are refused with a reason they understand.
 */
export function usernameProblem(username: string): string | null {
  const name = username.trim();
  if (/@/.test(name) || /\b(at|dot)\b.*\b(com|net|org|edu)\b/i.test(name.replace(/[_-]/g, ' '))) {
    return 'A username cannot be an e-mail address: it would identify you. Choose a pseudonym.';
  }
  if ((name.match(/\d/g) ?? []).length >= 7) {
    return 'A username cannot look like a phone number: it would identify you. Choose a pseudonym.';
  }
  if (name.length < USERNAME_MIN || name.length > USERNAME_MAX) {
    return `A username is ${USERNAME_MIN} to ${USERNAME_MAX} characters long.`;
  }
  if (!/^[A-Za-z0-9_-]+$/.test(name)) {
    return 'A username may use only letters, digits, "_" and "-".';
  }
  if (RESERVED.has(name.toLowerCase())) {
    return 'That name is reserved. Choose another pseudonym.';
  }
  return null;
}

export function passwordProblem(password: string): string | null {
  if (password.length < PASSWORD_MIN) return `A password is at least ${PASSWORD_MIN} characters long.`;
  if (password.length > PASSWORD_MAX) return `A password is at most ${PASSWORD_MAX} characters long.`;
  return null;
}
