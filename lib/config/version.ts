import { readFileSync } from "node:fs";
import path from "node:path";

let version: string | undefined;

/** The package version, read once: health, the node registry and the Cluster page show it. */
export function klaxonVersion(): string {
  if (version) return version;
  const pkg = JSON.parse(readFileSync(path.join(process.cwd(), "package.json"), "utf8")) as { version: string };
  version = pkg.version;
  return version;
}
