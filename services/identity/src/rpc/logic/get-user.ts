// Safe to edit: created once by vigilctl, never overwritten. Logic of rpc
// identity.v1.IdentityService.GetUser.
import { AppError, type RpcContext } from '@vigil/core';
import { findUserById } from '../../model/user-model.js';
import type { ServiceContext } from '../../svc/context.js';
import type { GetUserRequest__Output, User } from '../identity.gen.js';

/** A user by id, with current roles and sites; NOT_FOUND when there is none. */
export class GetUserLogic {
  constructor(
    private readonly ctx: RpcContext,
    private readonly svc: ServiceContext,
  ) {}

  async getUser(req: GetUserRequest__Output): Promise<User> {
    const user = req.id ? await findUserById(this.svc.database.db, req.id) : undefined;
    if (!user) throw new AppError('NOT_FOUND', 'User not found');
    return {
      id: user.id,
      username: user.username,
      roles: [...user.roles],
      sites: [...user.sites],
      patient_id: user.patientId ?? '',
      disabled: user.disabled,
    };
  }
}
