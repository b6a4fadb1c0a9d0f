export type { ApiPrincipal, SessionUser } from './auth.types';
export { roles, hasPermission, type Permission, type Role } from './permissions';
export type { AuthService } from './auth.service';
export type { UsersService } from './users.service';
export type { ApiKeysService } from './api-keys.service';
