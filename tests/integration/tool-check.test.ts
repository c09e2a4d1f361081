import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { missingTools } from "../support/require-tools.ts";

const run = promisify(execFile);

// On a machine without Debian's socat/snmptrapd the demo and the intake bench must say so and
// name the fix, not die on `spawn socat ENOENT` with a database half started.
describe("demo and bench on a machine without the Debian tools", () => {
  const emptyPath = mkdtempSync(path.join(tmpdir(), "klaxon-nopath-"));

  for (const [label, args, tool] of [
    ["npm run demo", ["--import", "tsx", "tests/sim/demo.ts"], "socat"],
    ["npm run bench -- intake", ["--import", "tsx", "tests/bench/index.ts", "intake"], "snmptrapd"],
  ] as const) {
    it(`${label} without ${tool} prints the one-line fix and exits 2`, async () => {
      const failed = await run(process.execPath, [...args], { env: { ...process.env, PATH: emptyPath }, timeout: 60_000 }).catch((e) => e);
      expect(failed.code).toBe(2);
      expect(failed.stderr).toContain(`${label} needs ${tool}`);
      expect(failed.stderr).toContain("bash .ci/install-deps.sh");
      expect(failed.stderr).not.toContain("ENOENT");
    }, 90_000);
  }

  it("the tools are found where they are installed", () => {
    expect(missingTools(["socat", "snmptrapd", "no-such-tool-klaxon"])).toEqual(["no-such-tool-klaxon"]);
  });
});
