import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { Message } from '@forum/i18n';

/** Per field, a catalogue key, a Message, or words from the domain (shown in the reader's language). */
export type FieldErrors = Record<string, string | Message>;

/**
 * Validates a submitted form into its DTO. Returns the first message per field, so a form can
 * be re-rendered with what the member typed and what to fix next to each field.
 */
export async function readForm<T extends object>(dto: new () => T, body: unknown): Promise<{ value: T; errors: FieldErrors | null }> {
  const value = plainToInstance(dto, body ?? {}, { excludeExtraneousValues: false });
  const problems = await validate(value, { whitelist: true, forbidUnknownValues: false });
  if (!problems.length) return { value, errors: null };
  const errors: FieldErrors = {};
  for (const problem of problems) {
    const first = Object.values(problem.constraints ?? {})[0];
    if (first && !errors[problem.property]) errors[problem.property] = first;
  }
  return { value, errors };
}

export const checkbox = (value: unknown): boolean => value === 'on' || value === 'true' || value === '1' || value === true;
