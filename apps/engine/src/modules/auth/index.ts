export type { SessionUser } from './auth.types';
export {
  API_SCOPES,
  mayActForFunder,
  requireScope,
  type ApiPrincipal,
  type ApiScope,
} from './api-access';
export { roles, hasPermission, type Permission, type Role } from './permissions';
export type { AuthService } from './auth.service';
export type { UsersService } from './users.service';
export type { ApiKeysService } from './api-keys.service';
export {
  createApiKeyInput,
  DEFAULT_ROTATION_GRACE_HOURS,
  rotateApiKeyInput,
} from './api-keys.schema';
