export { createAuthService } from './auth.service';
export { createAuthRepo } from './auth.repo';
export { createApiKeysRepo } from './api-keys.repo';
export { createApiKeysService } from './api-keys.service';
export { authRouter } from './auth.router';
