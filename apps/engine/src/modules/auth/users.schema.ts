// Inputs of the console's user administration and password change.
import { z } from 'zod';
import { roles } from './permissions';

const reason = z.string().trim().min(2, 'say why (at least 2 characters)').max(500);
const userId = z.string().regex(/^\d{1,18}$/, 'a user id');
const role = z.enum(roles);

export const createUserInput = z.strictObject({
  username: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$/, 'letters, digits, . _ - (2 to 64)'),
  displayName: z.string().trim().min(1).max(64),
  role,
  reason,
});

export const setUserStatusInput = z.strictObject({
  userId,
  status: z.enum(['active', 'disabled']),
  reason,
});

export const resetPasswordInput = z.strictObject({ userId, reason });

export const changeRoleInput = z.strictObject({ userId, role, reason });

export const changePasswordInput = z.strictObject({
  currentPassword: z.string().min(1).max(200),
  newPassword: z.string().max(200),
});

export const userView = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role,
  status: z.enum(['active', 'disabled']),
  mustChangePassword: z.boolean(),
  sessions: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
