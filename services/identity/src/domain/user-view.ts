import type { UserRecord } from '../model/user-model.js';

/** A user as the API shows it (`UserInfo` in identity.api): no hash, no flags. */
export interface UserView {
  id: string;
  username: string;
  roles: string[];
  sites: string[];
  patientId?: string;
}

/** The API view of a stored user. */
export function toUserView(user: UserRecord): UserView {
  return {
    id: user.id,
    username: user.username,
    roles: [...user.roles],
    sites: [...user.sites],
    ...(user.patientId !== undefined ? { patientId: user.patientId } : {}),
  };
}
