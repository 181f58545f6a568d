import { describe, expect, it } from 'vitest';
import {
  AppError,
  errorCatalog,
  errorCodeFromGrpc,
  GrpcStatus,
  toErrorBody,
  type ErrorCode,
} from './index.js';

describe('error catalog', () => {
  it('documents every code and maps it to a valid HTTP and gRPC status', () => {
    for (const [code, spec] of Object.entries(errorCatalog)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(spec.doc.length, code).toBeGreaterThan(10);
      expect(spec.http, code).toBeGreaterThanOrEqual(400);
      expect(spec.http, code).toBeLessThan(600);
      expect(GrpcStatus[spec.grpc], code).toBeGreaterThan(0);
    }
  });

  it('turns an unknown exception into INTERNAL without leaking its message', () => {
    const { status, body } = toErrorBody(new Error('secret db password in stack'), 'abc');
    expect(status).toBe(500);
    expect(body).toEqual({ code: 'INTERNAL', message: 'Internal error', traceId: 'abc' });
  });

  it('keeps validation details in the envelope', () => {
    const err = new AppError('VALIDATION_FAILED', undefined, {
      details: [{ field: 'mobile', reason: 'must match pattern' }],
    });
    expect(toErrorBody(err, 't').body.details).toEqual([
      { field: 'mobile', reason: 'must match pattern' },
    ]);
    expect(err.httpStatus).toBe(400);
    expect(err.grpcStatus).toBe(GrpcStatus.INVALID_ARGUMENT);
  });

  it('maps gRPC statuses back to catalog codes, preferring the code sent in metadata', () => {
    expect(errorCodeFromGrpc(GrpcStatus.NOT_FOUND, 'PATIENT_NOT_FOUND')).toBe('PATIENT_NOT_FOUND');
    expect(errorCodeFromGrpc(GrpcStatus.NOT_FOUND)).toBe('NOT_FOUND');
    // A metadata code that contradicts the status is not trusted.
    expect(errorCodeFromGrpc(GrpcStatus.INTERNAL, 'PATIENT_NOT_FOUND')).toBe('INTERNAL');
    expect(errorCodeFromGrpc(GrpcStatus.UNAVAILABLE)).toBe<ErrorCode>('UNAVAILABLE');
  });
});

describe('error documentation', () => {
  it('lists every catalog code with its HTTP and gRPC status in docs/errors.md', async () => {
    const { readFile } = await import('node:fs/promises');
    const doc = await readFile(new URL('../../../../docs/errors.md', import.meta.url), 'utf8');
    for (const [code, spec] of Object.entries(errorCatalog)) {
      // Table cells may be padded (prettier aligns columns).
      const row = new RegExp(
        `\\|\\s*\`${code}\`\\s*\\|\\s*${spec.http}\\s*\\|\\s*${spec.grpc}\\s*\\|`,
      );
      expect(doc, `docs/errors.md misses ${code}`).toMatch(row);
    }
  });
});
