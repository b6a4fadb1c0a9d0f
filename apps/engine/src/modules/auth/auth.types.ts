import type { Role } from './permissions';

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
}

export interface ApiPrincipal {
  keyId: string;
  name: string;
}

export interface UserRecord extends SessionUser {
  passwordHash: string;
  active: boolean;
}

/** What the auth service needs from storage; auth.repo.ts implements it with drizzle. */
export interface AuthRepo {
  findUserByUsername(username: string): Promise<UserRecord | null>;
  insertUser(user: {
    username: string;
    displayName: string;
    role: Role;
    passwordHash: string;
  }): Promise<SessionUser>;
  insertSession(session: { tokenHash: string; userId: string; expiresAt: Date }): Promise<void>;
  findSessionUser(tokenHash: string, now: Date): Promise<SessionUser | null>;
  deleteSession(tokenHash: string): Promise<void>;
}
