export { appRouter, type TAppRouter } from "./root-router.ts";
export { createContext, principalFromHeaders, clientIp, type TContext } from "./context.ts";
export { createCallerFactory } from "./trpc.ts";
