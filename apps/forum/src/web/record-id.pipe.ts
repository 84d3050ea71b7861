import { type ArgumentMetadata, Injectable, NotFoundException, type PipeTransform } from '@nestjs/common';

// PostgreSQL's integer: an id beyond it makes the query fail instead of finding nothing.
const LARGEST_ID = 2_147_483_647;

/**
 * Runs before each route's own pipes on every numeric route parameter (a post, thread, alert,
 * flag or member id): anything that is not a whole number a record could have is a page that
 * does not exist, so /t/99999999999999999999 answers 404 like /t/999999.
 */
@Injectable()
export class RecordIdPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'param' || metadata.metatype !== Number || typeof value !== 'string') return value;
    if (!/^\d{1,10}$/.test(value) || Number(value) > LARGEST_ID) throw new NotFoundException();
    return value;
  }
}
