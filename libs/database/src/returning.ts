import type { EntityManager } from 'typeorm';

/**
 * Runs an UPDATE or DELETE … RETURNING and gives back its rows. TypeORM answers such
 * statements with `[rows, affectedCount]` rather than the rows, which is easy to misread as
 * "always one row or more".
 */
export async function changedRows<T>(db: Pick<EntityManager, 'query'>, sql: string, parameters: unknown[]): Promise<T[]> {
  const result: unknown = await db.query(sql, parameters);
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}
