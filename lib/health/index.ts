export { nodeHealth, type THealth } from "./health.ts";
