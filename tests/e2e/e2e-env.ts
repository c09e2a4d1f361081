/** The one e2e node's settings, shared by the Playwright config, setup and specs. */
export const E2E = {
  port: 3217,
  baseURL: "http://127.0.0.1:3217",
  pgPort: 5467,
  trapPort: 16267,
  dataDir: ".data/e2e",
  // Not loopback: the metrics test proves that a forged X-Forwarded-For does not get in.
  metricsAllow: "10.9.9.9",
  token: "klx_e2e_bootstrap_token_0123456789abcdef",
  admin: { email: "admin@example.com", password: "admin-password-1" },
  technician: { email: "tech@example.com", password: "tech-password-1" },
  viewer: { email: "viewer@example.com", password: "viewer-password-1" },
} as const;
