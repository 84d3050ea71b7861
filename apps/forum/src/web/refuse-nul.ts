import { BadRequestException } from '@nestjs/common';

const NUL = '\u0000';
const carriesNul = (value: unknown): boolean =>
  typeof value === 'string' ? value.includes(NUL) : typeof value === 'object' && value !== null && Object.entries(value).some(([k, v]) => k.includes(NUL) || carriesNul(v));

/**
 * PostgreSQL text cannot hold U+0000, so a form field, query or path carrying one is refused
 * with a clear message, before any handler tries (and fails) to store or look it up.
 */
export function refuseNulCharacters(req: { body?: unknown; query?: unknown; path: string }, _res: unknown, next: (error?: unknown) => void): void {
  let path = req.path;
  try {
    path = decodeURIComponent(path);
  } catch {
    // A malformed escape is the router's to refuse; it cannot hide a NUL from the checks below.
  }
  if (carriesNul(req.body) || carriesNul(req.query) || path.includes(NUL)) {
    return next(new BadRequestException('Something you sent contains a character the forum cannot store (a NUL character). Remove it and try again.'));
  }
  next();
}
