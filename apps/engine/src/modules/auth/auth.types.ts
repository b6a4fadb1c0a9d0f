import type { Role } from './permissions';

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  /** An administrator chose the password: nothing but changing it until it is changed. */
  mustChangePassword: boolean;
}

export interface UserRecord extends SessionUser {
  passwordHash: string;
  active: boolean;
}

/** A console user as the users page lists them. */
export interface UserRow extends SessionUser {
  status: 'active' | 'disabled';
  /** Sessions not yet past their absolute end (idle ones included until they are pruned). */
  sessions: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A session with its user, as read on each console request. */
export interface SessionRecord {
  user: SessionUser;
  active: boolean;
  expiresAt: Date;
  lastSeenAt: Date;
}

export interface UserChange {
  role?: Role;
  status?: 'active' | 'disabled';
  displayName?: string;
  passwordHash?: string;
  mustChangePassword?: boolean;
}

/** Users and their console sessions in storage; auth.repo.ts implements it. */
export interface AuthRepo {
  findUserByUsername(username: string): Promise<UserRecord | null>;
  findUser(id: string): Promise<UserRecord | null>;
  listUsers(now: Date): Promise<UserRow[]>;
  insertUser(user: {
    username: string;
    displayName: string;
    role: Role;
    passwordHash: string;
    mustChangePassword: boolean;
  }): Promise<SessionUser>;
  updateUser(id: string, change: UserChange): Promise<void>;
  /** Active administrators other than this user (none left would lock everyone out). */
  countOtherActiveAdmins(exceptId: string): Promise<number>;
  insertSession(session: {
    tokenHash: string;
    userId: string;
    expiresAt: Date;
    now: Date;
  }): Promise<void>;
  findSession(tokenHash: string): Promise<SessionRecord | null>;
  /** Moves the idle clock on, at most once a minute per session (one write, not one per request). */
  touchSession(tokenHash: string, now: Date, unlessSeenAfter: Date): Promise<void>;
  deleteSession(tokenHash: string): Promise<void>;
  /** Ends a user's sessions (but the one kept): sign out everywhere, disable, password reset. */
  deleteUserSessions(userId: string, keepTokenHash?: string): Promise<number>;
  /** Sessions past their absolute end or idle longer than the idle limit. */
  pruneSessions(now: Date, idleSince: Date): Promise<number>;
}
