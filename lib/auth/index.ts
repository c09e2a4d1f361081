export { ZRole, roleAllows, type TRole } from "./roles.ts";
export { hashPassword, verifyPassword } from "./password.ts";
export { SESSION_COOKIE, createSession, principalFromSession, deleteSession, type TPrincipal } from "./sessions.ts";
export { createApiToken, principalFromToken, listApiTokens, revokeApiToken } from "./api-tokens.ts";
export { login } from "./login.ts";
export { listLoginThrottles, type TLoginThrottle, unlockLogin } from "./login-throttle.ts";
export { ZPasswordChange, changeOwnPassword } from "./own-password.ts";
export { bootstrapFromEnv, setupFirstAdmin } from "./bootstrap.ts";
export { ZUserCreate, ZUserUpdate, createUser, updateUser, listUsers, countUsers, type TUserCreate } from "./users.ts";
