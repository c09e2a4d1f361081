export { metricsRegistry } from "./registry.ts";
