import { alarmRouter } from "./routers/alarm-router.ts";
import { auditRouter } from "./routers/audit-router.ts";
import { clusterRouter } from "./routers/cluster-router.ts";
import { authRouter } from "./routers/auth-router.ts";
import { systemRouter } from "./routers/system-router.ts";
import { tokenRouter } from "./routers/token-router.ts";
import { userRouter } from "./routers/user-router.ts";
import { settingsRouter } from "./routers/settings-router.ts";
import { router } from "./trpc.ts";

export const appRouter = router({
  auth: authRouter,
  user: userRouter,
  token: tokenRouter,
  audit: auditRouter,
  alarm: alarmRouter,
  system: systemRouter,
  cluster: clusterRouter,
  settings: settingsRouter,
});

export type TAppRouter = typeof appRouter;
