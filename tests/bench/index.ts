export {};

// `npm run bench -- <name>`: one entry per benchmark, each a module exporting `run(args)`.
const BENCHES: Record<string, () => Promise<{ run(args: string[]): Promise<void> }>> = {
  intake: () => import("./intake.ts"),
  failover: () => import("./failover.ts"),
  board: () => import("./board.ts"),
  sat: () => import("./sat.ts"),
  pager: () => import("./pager.ts"),
  notify: () => import("./notify.ts"),
  tasks: () => import("./tasks.ts"),
  maintenance: () => import("./maintenance.ts"),
};

const [name, ...args] = process.argv.slice(2);
const load = name ? BENCHES[name] : undefined;
if (!load) {
  console.error(`usage: npm run bench -- <${Object.keys(BENCHES).join("|")}> [args]`);
  process.exit(2);
}
await (await load()).run(args);
process.exit(0);
