import { AppError } from '@vigil/core';
import { ID_PATTERN } from '../domain/patient-rules.js';

/**
 * Keyset cursors: the last id of a page, base64url-encoded so clients treat it as opaque (we may
 * add sort keys later without breaking them). A page continues with `id > cursor`, which stays
 * correct while rows are inserted or removed, unlike an offset.
 */
export function encodeCursor(lastId: string): string {
  return Buffer.from(`p1:${lastId}`, 'utf8').toString('base64url');
}

/** The id a cursor continues after; `VALIDATION_FAILED` for anything we did not issue. */
export function decodeCursor(cursor: string): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const id = text.startsWith('p1:') ? text.slice(3) : '';
  if (!ID_PATTERN.test(id)) {
    throw new AppError('VALIDATION_FAILED', 'The cursor is invalid', {
      details: [{ field: 'cursor', reason: 'use the nextCursor of a previous page' }],
    });
  }
  return id;
}
