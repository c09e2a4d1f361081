/*
 * What the simulated Communication Manager knows, and how its SAT answers in OSSI. Field IDs
 * are the ones DOMAIN.md lists where it lists them (display alarms, display time, list
 * station, status station); the rest are this simulator's own (modelled), kept here in one
 * place. Like a CM, a field line holds at most five IDs and each object's data lines follow
 * the same split; objects of a list are separated by `n`.
 */

export type TSimAlarm = {
  port: string;
  maintName: string;
  onBoard: boolean;
  altName: string;
  alarmType: "MAJOR" | "MINOR" | "WARNING";
  svcState: "" | "RDY" | "OUT" | "IN";
  alarmedAt: Date;
  resolvedAt?: Date;
  /** A `test alarms clear` or a passing board/port test clears it (the fault went away). */
  clearable?: boolean;
};

export type TSimError = {
  port: string;
  maintName: string;
  altName: string;
  errorType: number;
  auxData: number;
  first: Date;
  last: Date;
  count: number;
  alarmState: "a" | "r" | "c" | "s" | "t" | "n";
};

export type TSimStation = {
  extension: string;
  type: string;
  name: string;
  port: string;
  state: "in-service/idle" | "in-service/active" | "out-of-service";
};
export type TSimBoard = { port: string; type: string; code: string; vintage: string };

export type TPbxData = {
  productId: string;
  release: string;
  alarms: TSimAlarm[];
  errors: TSimError[];
  stations: TSimStation[];
  boards: TSimBoard[];
  /** The clock the PBX shows; default: the host's. */
  now?: () => Date;
};

const two = (n: number) => String(n).padStart(2, "0");
const mmddhhmm = (d: Date | undefined) =>
  d ? `${two(d.getMonth() + 1)}/${two(d.getDate())}/${two(d.getHours())}:${two(d.getMinutes())}` : "00/00/00:00";

export function defaultPbxData(productId: string): TPbxData {
  const at = new Date(Date.now() - 3_600_000);
  return {
    productId,
    release: "R018x.01.0.890.0",
    alarms: [
      { port: "01A05", maintName: "DS1-BD", onBoard: true, altName: "", alarmType: "MAJOR", svcState: "", alarmedAt: at },
      {
        port: "01B0203",
        maintName: "ANL-LINE",
        onBoard: false,
        altName: "3003",
        alarmType: "MINOR",
        svcState: "OUT",
        alarmedAt: at,
        clearable: true,
      },
    ],
    errors: [
      { port: "01A05", maintName: "DS1-BD", altName: "", errorType: 1281, auxData: 0, first: at, last: at, count: 3, alarmState: "a" },
      {
        port: "01B0203",
        maintName: "ANL-LINE",
        altName: "3003",
        errorType: 18,
        auxData: 0,
        first: at,
        last: at,
        count: 1,
        alarmState: "a",
      },
    ],
    stations: [
      { extension: "3001", type: "9620", name: "Front Desk", port: "S00001", state: "in-service/idle" },
      { extension: "3002", type: "6408D+", name: "Warehouse", port: "01B0201", state: "in-service/idle" },
      { extension: "3003", type: "2500", name: "Lobby Phone", port: "01B0203", state: "out-of-service" },
    ],
    boards: [
      { port: "01A01", type: "CONTROL-LAN", code: "TN799DP", vintage: "HW01 FW040" },
      { port: "01A05", type: "DS1 INTERFACE", code: "TN464HP", vintage: "HW02 FW024" },
      { port: "01B02", type: "ANALOG LINE", code: "TN793CP", vintage: "HW09 FW012" },
    ],
  };
}

/** One OSSI answer: field IDs, one value list per object, or error lines. */
export type TOssiTable = { fields: string[]; rows: string[][] } | { errors: { code: string; fieldId: string; message: string }[] };

/** The lines of an answer, without the closing `t`. */
export function ossiLines(table: TOssiTable): string[] {
  if ("errors" in table) return table.errors.map((e) => `e${e.code} ${e.fieldId} ${e.message}`);
  const out: string[] = [];
  const chunks = <T>(a: T[]) => Array.from({ length: Math.ceil(a.length / 5) }, (_, i) => a.slice(i * 5, i * 5 + 5));
  for (const f of chunks(table.fields)) out.push(`f${f.join("\t")}`);
  table.rows.forEach((row, i) => {
    if (i > 0) out.push("n");
    for (const d of chunks(row)) out.push(`d${d.join("\t")}`);
  });
  return out;
}

export const fail = (message: string, fieldId = "00000000", code = "1"): TOssiTable => ({ errors: [{ code, fieldId, message }] });

export const ALARM_FIELDS = [
  "0001ff00",
  "0002ff00",
  "0003ff00",
  "0004ff00",
  "0005ff00",
  "0009ff00",
  "000eff00",
  "0006ff00",
  "0007ff00",
  "0008ff00",
];

export function displayAlarms(d: TPbxData): TOssiTable {
  const active = d.alarms.filter((a) => !a.resolvedAt);
  return {
    fields: ALARM_FIELDS,
    rows: active.map((a) => [
      a.port,
      a.maintName,
      a.onBoard ? "y" : "n",
      a.altName,
      a.alarmType,
      a.svcState,
      two(a.alarmedAt.getMonth() + 1),
      two(a.alarmedAt.getDate()),
      two(a.alarmedAt.getHours()),
      two(a.alarmedAt.getMinutes()),
    ]),
  };
}

export function displayErrors(d: TPbxData): TOssiTable {
  return {
    fields: ["0001ff00", "0002ff00", "0003ff00", "0004ff00", "0005ff00", "0006ff00", "0007ff00", "0008ff00", "0009ff00"],
    rows: d.errors.map((e) => [
      e.port,
      e.maintName,
      e.altName,
      String(e.errorType),
      String(e.auxData),
      mmddhhmm(e.first),
      mmddhhmm(e.last),
      String(e.count),
      e.alarmState,
    ]),
  };
}

export function displayTime(now: Date): TOssiTable {
  const days = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
  return {
    fields: ["0001ff00", "0002ff00", "0003ff00", "0004ff00", "0005ff00", "0006ff00", "0007ff00"],
    rows: [
      [
        two(now.getMonth() + 1),
        two(now.getDate()),
        String(now.getFullYear()),
        two(now.getHours()),
        two(now.getMinutes()),
        two(now.getSeconds()),
        days[now.getDay()] ?? "",
      ],
    ],
  };
}

export function listStation(d: TPbxData): TOssiTable {
  return { fields: ["8005ff00", "8003ff00", "004fff00", "8004ff00"], rows: d.stations.map((s) => [s.extension, s.name, s.type, s.port]) };
}

export function statusStation(d: TPbxData, ext: string): TOssiTable {
  if (!ext) return fail("Extension required", "0002ff00");
  const s = d.stations.find((x) => x.extension === ext);
  if (!s) return fail(`${ext} Extension invalid`, "0002ff00");
  return { fields: ["0001ff00", "0002ff00", "0003ff00", "0004ff00"], rows: [[s.type, s.extension, s.port, s.state]] };
}

export function listConfiguration(d: TPbxData): TOssiTable {
  return { fields: ["0001ff00", "0002ff00", "0003ff00", "0004ff00"], rows: d.boards.map((b) => [b.port, b.type, b.code, b.vintage]) };
}

export function customerOptions(d: TPbxData): TOssiTable {
  return {
    fields: ["0001ff00", "0002ff00", "0003ff00", "0004ff00", "0005ff00", "0006ff00"],
    rows: [["V18", d.release, "1", "36000", "2400", "y"]],
  };
}

export function maintenanceParameters(d: TPbxData, oss: { first: string; second: string }): TOssiTable {
  return {
    fields: ["0001ff00", "0002ff00", "0003ff00", "0004ff00", "0005ff00", "0006ff00"],
    rows: [[d.productId, oss.first, oss.second, "both", "y", "y"]],
  };
}

const PORT_BOARD = /^\d{2}[A-E]\d{2}$/i;
const PORT_CIRCUIT = /^\d{2}[A-E]\d{4}$/i;
export const TEST_FIELDS = ["0001ff00", "0002ff00", "0003ff00", "0004ff00", "0005ff00", "0006ff00"];

/** Board/port tests: each alarmed MO at the location fails its test unless it is clearable, which the test clears. */
export function testLocation(d: TPbxData, port: string, kind: "board" | "port", length: string): TOssiTable {
  if (!/^(short|long)$/i.test(length)) return fail(`${length || "(none)"} is an invalid entry; enter short or long`, "00000000");
  const ok = kind === "board" ? PORT_BOARD.test(port) : PORT_CIRCUIT.test(port);
  if (!ok) return fail(`${port || "(none)"} is an invalid ${kind} location`, "0001ff00");
  const board = port.slice(0, 5).toUpperCase();
  const known = d.boards.find((b) => b.port.toUpperCase() === board);
  if (!known) return fail(`${board} Board not assigned`, "0001ff00");
  const here = d.alarms.filter((a) => !a.resolvedAt && a.port.toUpperCase().startsWith(port.toUpperCase()));
  const now = d.now?.() ?? new Date();
  const rows = here.length
    ? here.map((a) => {
        if (a.clearable) a.resolvedAt = now;
        return [a.port, a.maintName, a.altName, "1", a.clearable ? "PASS" : "FAIL", a.clearable ? "" : "1281"];
      })
    : [[port.toUpperCase(), known.type, "", "1", "PASS", ""]];
  return { fields: TEST_FIELDS, rows };
}

export function testAlarmsClear(d: TPbxData): TOssiTable {
  const now = d.now?.() ?? new Date();
  const rows = d.alarms
    .filter((a) => !a.resolvedAt)
    .map((a) => {
      if (a.clearable) a.resolvedAt = now;
      return [a.port, a.maintName, a.altName, "1", a.clearable ? "PASS" : "FAIL", a.clearable ? "" : "1281"];
    });
  return { fields: TEST_FIELDS, rows };
}
