export { createAuthService } from './auth.service';
export { createAuthRepo } from './auth.repo';
export { authRouter } from './auth.router';
