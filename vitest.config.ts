import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/support/global-setup.ts"],
          testTimeout: 60_000,
          // Real PTYs, modems and node processes on a shared 2-core CI box: a timing flake gets one more try (the report lists retried tests).
          retry: 1,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
