export { appRouter, type TAppRouter } from "./root-router.ts";
export { createContext, principalFromHeaders, type TContext } from "./context.ts";
export { clientIp } from "./client-ip.ts";
export { createCallerFactory } from "./trpc.ts";
