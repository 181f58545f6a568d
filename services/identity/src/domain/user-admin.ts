import { randomUUID } from 'node:crypto';
import { AppError, type AuthClaims, type Clock } from '@vigil/core';
import type { Logger } from 'pino';
import { revokeUserTokens } from '../model/refresh-token-model.js';
import type { IdentityDatabase } from '../model/schema.js';
import {
  findUserById,
  insertUser,
  listUsers,
  replaceRoles,
  replaceSites,
  updatePasswordHash,
} from '../model/user-model.js';
import { checkNewPassword, type PasswordHasher } from './password.js';
import { checkRoles, checkSites, checkUsername, normalizeUsername } from './user-rules.js';
import { toUserView, type UserView } from './user-view.js';

/** A new account as an admin describes it. */
export interface CreateUserInput {
  username: string;
  password: string;
  roles: readonly string[];
  sites?: readonly string[] | undefined;
  patientId?: string | undefined;
}

/** What {@link createUserAdmin} needs. */
export interface UserAdminOptions {
  database: IdentityDatabase;
  logger: Logger;
  now: Clock;
  hasher: PasswordHasher;
  passwordMinLength: number;
  /** Embedded mode only: the demo password may be set. */
  allowDemo: boolean;
}

/** Admin operations on users; every method checks that the caller holds `admin`. */
export interface UserAdmin {
  create(caller: AuthClaims | undefined, input: CreateUserInput): Promise<UserView>;
  list(
    caller: AuthClaims | undefined,
    page: { page: number; pageSize: number },
  ): Promise<{ users: UserView[]; total: number }>;
  get(caller: AuthClaims | undefined, id: string): Promise<UserView>;
  assignSites(
    caller: AuthClaims | undefined,
    id: string,
    sites: readonly string[],
  ): Promise<UserView>;
  setRoles(caller: AuthClaims | undefined, id: string, roles: readonly string[]): Promise<UserView>;
  /** Sets the password, clears the demo marker and ends the user's sessions. */
  setPassword(caller: AuthClaims | undefined, id: string, password: string): Promise<UserView>;
}

/** `FORBIDDEN` unless the verified caller holds the admin role. */
export function requireAdmin(caller: AuthClaims | undefined): AuthClaims {
  if (!caller) throw new AppError('UNAUTHENTICATED');
  if (!caller.roles.includes('admin')) {
    throw new AppError('FORBIDDEN', 'Only an admin may manage users');
  }
  return caller;
}

const notFound = () => new AppError('NOT_FOUND', 'User not found');

/** Creates the admin operations. */
export function createUserAdmin(options: UserAdminOptions): UserAdmin {
  const { database, hasher } = options;
  const db = database.db;
  const passwordRules = { minLength: options.passwordMinLength, allowDemo: options.allowDemo };

  async function load(id: string): Promise<UserView> {
    const user = await findUserById(db, id);
    if (!user) throw notFound();
    return toUserView(user);
  }

  return {
    async create(caller, input) {
      const admin = requireAdmin(caller);
      const username = normalizeUsername(input.username);
      checkUsername(username);
      const roles = checkRoles(input.roles, input.patientId);
      const sites = checkSites(input.sites ?? []);
      checkNewPassword(input.password, passwordRules);
      const id = randomUUID();
      await insertUser(database, {
        id,
        username,
        passwordHash: await hasher.hash(input.password),
        patientId: input.patientId,
        roles,
        sites,
        now: new Date(options.now()),
      });
      options.logger.info({ by: admin.sub, userId: id, roles, sites }, 'user created');
      return load(id);
    },

    async list(caller, { page, pageSize }) {
      requireAdmin(caller);
      const { users, total } = await listUsers(db, {
        offset: (page - 1) * pageSize,
        limit: pageSize,
      });
      return { users: users.map(toUserView), total };
    },

    async get(caller, id) {
      requireAdmin(caller);
      return load(id);
    },

    async assignSites(caller, id, rawSites) {
      const admin = requireAdmin(caller);
      const sites = checkSites(rawSites);
      if (!(await replaceSites(database, id, sites, new Date(options.now())))) throw notFound();
      options.logger.info({ by: admin.sub, userId: id, sites }, 'sites assigned');
      return load(id);
    },

    async setRoles(caller, id, rawRoles) {
      const admin = requireAdmin(caller);
      const current = await findUserById(db, id);
      if (!current) throw notFound();
      const roles = checkRoles(rawRoles, current.patientId);
      if (!(await replaceRoles(database, id, roles, new Date(options.now())))) throw notFound();
      options.logger.info({ by: admin.sub, userId: id, roles }, 'roles set');
      return load(id);
    },

    async setPassword(caller, id, password) {
      const admin = requireAdmin(caller);
      checkNewPassword(password, passwordRules);
      const now = new Date(options.now());
      if (!(await updatePasswordHash(db, id, await hasher.hash(password), now))) throw notFound();
      await revokeUserTokens(db, id, now);
      options.logger.info({ by: admin.sub, userId: id }, 'password set; sessions revoked');
      return load(id);
    },
  };
}
