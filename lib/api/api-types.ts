import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { TAppRouterForBrowser } from "./root-router.ts";

/** What each procedure returns and takes, as the router declares it: pages and components derive their row types from these. */
export type TApiOutputs = inferRouterOutputs<TAppRouterForBrowser>;
export type TApiInputs = inferRouterInputs<TAppRouterForBrowser>;
