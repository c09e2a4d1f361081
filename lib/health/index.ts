export { nodeHealth, type THealth } from "./health.ts";
export {
  INTAKE_STARTING,
  intakeReady,
  modemsReadiness,
  readIntakeReadiness,
  type TIntakeReadiness,
  type TListenerState,
  writeIntakeReadiness,
} from "./intake-readiness.ts";
