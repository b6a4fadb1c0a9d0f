export type { ApiPrincipal, AuthRepo, SessionUser } from './auth.types';
export { roles, hasPermission, permissionsOf, type Permission, type Role } from './permissions';
export { createAuthService, SESSION_TTL_MS, type AuthService } from './auth.service';
export { createAuthRepo } from './auth.repo';
export { authRouter } from './auth.router';
