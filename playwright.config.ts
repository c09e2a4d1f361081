import { defineConfig, devices } from "@playwright/test";
import { E2E } from "./tests/e2e/e2e-env.ts";

/** E2E against a production build (`next build` + `klaxon start`) on its own embedded PostgreSQL. */
export default defineConfig({
  testDir: "tests/e2e",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  retries: process.env.CI ? 1 : 0,
  workers: 1,
  reporter: [["list"]],
  globalSetup: "./tests/e2e/global-setup.ts",
  use: {
    baseURL: E2E.baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: {
    command: `rm -rf ${E2E.dataDir} && node workers/klaxon.mjs start`,
    url: `${E2E.baseURL}/api/health`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(E2E.port),
      NODE_NAME: "e2e",
      KLAXON_DATA_DIR: E2E.dataDir,
      KLAXON_PG_PORT: String(E2E.pgPort),
      SNMP_TRAP_PORT: String(E2E.trapPort),
      ADMIN_EMAIL: E2E.admin.email,
      ADMIN_PASSWORD: E2E.admin.password,
      KLAXON_BOOTSTRAP_TOKEN: E2E.token,
      DATABASE_URL: "",
      METRICS_ALLOW: E2E.metricsAllow,
    },
  },
});
