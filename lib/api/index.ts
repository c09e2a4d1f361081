export { appRouter, appRouterForBrowser, routerFor, type TAppRouter, type TAppRouterForBrowser } from "./root-router.ts";
export { createContext, principalFromHeaders, type TContext } from "./context.ts";
export { clientIp } from "./client-ip.ts";
export { createCallerFactory } from "./trpc.ts";
