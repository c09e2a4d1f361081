import { alarmReportRouter } from "./routers/alarm-report-router.ts";
import { alarmRouter } from "./routers/alarm-router.ts";
import { auditRouter } from "./routers/audit-router.ts";
import { clusterRouter } from "./routers/cluster-router.ts";
import { commandRuleRouter } from "./routers/command-rule-router.ts";
import { configReportRouter, configScheduleRouter } from "./routers/config-report-router.ts";
import { maintenanceRouter } from "./routers/maintenance-router.ts";
import { authRouter } from "./routers/auth-router.ts";
import { savedViewRouter } from "./routers/saved-view-router.ts";
import { systemRouter } from "./routers/system-router.ts";
import { tokenRouter } from "./routers/token-router.ts";
import { userRouter } from "./routers/user-router.ts";
import { contactRouter } from "./routers/contact-router.ts";
import { escalationRouter } from "./routers/escalation-router.ts";
import { moOverrideRouter } from "./routers/mo-override-router.ts";
import { notificationRouter } from "./routers/notification-router.ts";
import { settingsRouter } from "./routers/settings-router.ts";
import { taskRouter } from "./routers/task-router.ts";
import { SUPERJSON_WIRE } from "./wire.client.ts";
import { browserRouter, router } from "./trpc.ts";
import { silenceRouter } from "./routers/silence-router.ts";
import { templateRouter } from "./routers/template-router.ts";

const routes = {
  auth: authRouter,
  user: userRouter,
  token: tokenRouter,
  audit: auditRouter,
  alarm: alarmRouter,
  system: systemRouter,
  cluster: clusterRouter,
  settings: settingsRouter,
  savedView: savedViewRouter,
  contact: contactRouter,
  escalation: escalationRouter,
  silence: silenceRouter,
  moOverride: moOverrideRouter,
  template: templateRouter,
  notification: notificationRouter,
  task: taskRouter,
  commandRule: commandRuleRouter,
  configReport: configReportRouter,
  configSchedule: configScheduleRouter,
  maintenance: maintenanceRouter,
  alarmReport: alarmReportRouter,
};

/** Plain JSON over HTTP: what programs (and `createCaller`) use. */
export const appRouter = router(routes);
/** The same procedures with superjson on the wire, for the web UI's client. */
export const appRouterForBrowser = browserRouter(routes);

export type TAppRouter = typeof appRouter;
export type TAppRouterForBrowser = typeof appRouterForBrowser;

/** Which of the two serves a request: the browser client says so in a header. */
export function routerFor(req: Request): TAppRouter | TAppRouterForBrowser {
  return req.headers.get(SUPERJSON_WIRE.header) === SUPERJSON_WIRE.value ? appRouterForBrowser : appRouter;
}
