// Ports can be moved (E2E_PORT, E2E_PG_PORT, E2E_TRAP_PORT) so two checkouts can run e2e at once.
const port = Number(process.env.E2E_PORT ?? 3217);

/** The one e2e node's settings, shared by the Playwright config, setup and specs. */
export const E2E = {
  port,
  baseURL: `http://127.0.0.1:${port}`,
  pgPort: Number(process.env.E2E_PG_PORT ?? 5467),
  trapPort: Number(process.env.E2E_TRAP_PORT ?? 16267),
  dataDir: ".data/e2e",
  // Not loopback: the metrics test proves that a forged X-Forwarded-For does not get in.
  metricsAllow: "10.9.9.9",
  token: "klx_e2e_bootstrap_token_0123456789abcdef",
  admin: { email: "admin@example.com", password: "admin-password-1" },
  technician: { email: "tech@example.com", password: "tech-password-1" },
  viewer: { email: "viewer@example.com", password: "viewer-password-1" },
} as const;
