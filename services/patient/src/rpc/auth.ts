import { AppError, bearerToken, type RpcContext } from '@vigil/core';
import type { PatientView } from '../domain/present.js';
import { principalFromClaims, type Principal } from '../domain/scope.js';
import type { ServiceContext } from '../svc/context.js';
import type { PatientInfo } from './patient.gen.js';

/**
 * The caller of an RPC: the same JWT as on HTTP, sent as `authorization: Bearer …` metadata
 * (our RPC clients forward the incoming request's). `UNAUTHENTICATED` without a valid one.
 */
export async function rpcPrincipal(ctx: RpcContext, svc: ServiceContext): Promise<Principal> {
  const token = bearerToken(ctx.authorization);
  if (!token) {
    throw new AppError('UNAUTHENTICATED', 'Send the access token as `authorization: Bearer …`');
  }
  return principalFromClaims(await svc.verifyToken(token));
}

/** A presented (already masked) patient as the proto message; 0 = not enrolled. */
export function toPatientMessage(view: PatientView): PatientInfo {
  return { ...view, enrolledAt: view.enrolledAt ?? 0 };
}
