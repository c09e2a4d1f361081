import { accessSync, constants } from "node:fs";
import path from "node:path";

/** The tools (Debian packages) missing from PATH, of those given. */
export function missingTools(tools: string[], envPath = process.env.PATH ?? ""): string[] {
  const dirs = envPath.split(path.delimiter).filter(Boolean);
  const found = (tool: string) =>
    dirs.some((d) => {
      try {
        accessSync(path.join(d, tool), constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
  return tools.filter((t) => !found(t));
}

/**
 * Demo and benches spawn Debian tools; without them the run would die on `spawn … ENOENT`
 * half-way. Say which are missing and the one command that installs them, then stop.
 */
export function requireTools(tools: string[], what: string): void {
  const missing = missingTools(tools);
  if (missing.length === 0) return;
  console.error(`${what} needs ${missing.join(" and ")}, not found on PATH. Install what Klaxon needs with:\n  bash .ci/install-deps.sh`);
  process.exit(2);
}
