import { z } from "zod";

/**
 * Klaxon's MODELLED INADS wire format, versions 1 and 2. Public sources give the content of an
 * alarm call but not its bytes, so everything below is Klaxon's model: a site with a real
 * capture corrects it here (and only here; the codec, receiver and PBX simulator read these
 * constants).
 *
 * A call, after both modems report CONNECT:
 *   caller → receiver   one frame per record:  STX body ETX cccc CR
 *   receiver → caller   ACK nn CR (record nn accepted) or a NAK (bad frame: the caller resends
 *                       it, at most MAX_RESENDS times, then gives up on that record and goes on)
 *   caller → receiver   EOT CR (end of call);  receiver → caller  ACK CR, then both hang up
 *
 * Versions (the first body field; a receiver accepts both and answers each frame in the
 * dialect of its version, so the version field is the whole negotiation):
 *   I1  NAK is a plain NAK CR. A caller cannot tell which frame it refers to, so NAKs that
 *       answer line noise made a PBX resend, and give up on, records already stored.
 *   I2  (default) NAK nn CR names the seq read from the refused frame's header. A frame whose
 *       header cannot be read as `I2|nn|` gets a plain NAK CR, which an I2 caller ignores: it
 *       may answer noise, and the caller's reply timeout covers a frame whose header was lost.
 *       An I2 caller resends only on a NAK naming its current record, and gives up only once
 *       the line has been quiet for a reply timeout after the last NAK, so an ACK still on its
 *       way for an earlier copy (behind NAKs that answered noise) is not missed.
 *       An I1 caller reads any reply starting with NAK as a refusal, so it also copes with
 *       NAK nn; the receiver still answers I1 frames with a plain NAK.
 *
 * body   = fields joined by "|":
 *          version "I2" (or "I1") | seq (2 digits, 00-99, wraps) | type | product ID (10 digits)
 *          | MO | port | alt name | alarm type | on-board (y/n/blank) | date alarmed MM/DD/HH:MM
 * cccc   = CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF) over the body bytes, 4 upper-case hex.
 * type   = ACT active alarm, RES resolved alarm, RST restart, CLR all alarms cleared, TST test
 *          (`test inads-link`); RST/CLR/TST leave the alarm fields blank (RST may put the
 *          restart level in alarm type).
 * A resent frame keeps its seq, so a receiver whose ACK was lost acknowledges it again without
 * storing it twice.
 */
/** What callers send by default. */
export const INADS_SPEC_VERSION = "I2";
export const INADS_VERSIONS = ["I1", "I2"] as const;
export type TInadsVersion = (typeof INADS_VERSIONS)[number];

export const STX = 0x02;
export const ETX = 0x03;
export const EOT = 0x04;
export const ACK = 0x06;
export const NAK = 0x15;
export const CR = 0x0d;
export const LF = 0x0a;

export const FIELD_SEPARATOR = "|";
export const MAX_RESENDS = 3;
/** Longest body accepted; anything longer is line noise, not a record. */
export const MAX_BODY = 256;

export const ZInadsCallType = z.enum(["ACT", "RES", "RST", "CLR", "TST"]);
export type TInadsCallType = z.infer<typeof ZInadsCallType>;

const text = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[\x20-\x7b\x7d\x7e]*$/, "printable ASCII without '|'");

export const ZInadsRecord = z.object({
  seq: z.number().int().min(0).max(99),
  type: ZInadsCallType,
  productId: z.string().regex(/^\d{10}$/, "10-digit product ID"),
  maintObject: text(16),
  port: text(16),
  altName: text(24),
  alarmType: text(8),
  onBoard: z.enum(["y", "n", ""]),
  /** `MM/DD/HH:MM` as the system shows it (no year; the receiver supplies one). */
  alarmedAt: z.string().regex(/^(\d\d\/\d\d\/\d\d:\d\d)?$/, "MM/DD/HH:MM"),
});
export type TInadsRecord = z.infer<typeof ZInadsRecord>;

const ACT_EXAMPLE: TInadsRecord = {
  seq: 1,
  type: "ACT",
  productId: "1000000001",
  maintObject: "DS1-BD",
  port: "01A05",
  altName: "",
  alarmType: "MAJOR",
  onBoard: "y",
  alarmedAt: "03/14/09:26",
};

/**
 * Worked examples: the unit tests check that the codec produces exactly these frames and the
 * receiver answers exactly `reply`.
 */
export const INADS_EXAMPLES: { version: TInadsVersion; record: TInadsRecord; frame: string; reply: string }[] = [
  {
    version: "I2",
    record: ACT_EXAMPLE,
    frame: "\x02I2|01|ACT|1000000001|DS1-BD|01A05||MAJOR|y|03/14/09:26\x03263A\r",
    reply: "\x0601\r",
  },
  {
    version: "I2",
    record: {
      seq: 2,
      type: "CLR",
      productId: "1000000001",
      maintObject: "",
      port: "",
      altName: "",
      alarmType: "",
      onBoard: "",
      alarmedAt: "",
    },
    frame: "\x02I2|02|CLR|1000000001||||||\x037D92\r",
    reply: "\x0602\r",
  },
  {
    version: "I1",
    record: ACT_EXAMPLE,
    frame: "\x02I1|01|ACT|1000000001|DS1-BD|01A05||MAJOR|y|03/14/09:26\x03A61F\r",
    reply: "\x0601\r",
  },
];

/** Refused frames and the NAK each version gets (the first two: the examples above with a bad checksum). */
export const INADS_REFUSED_EXAMPLES: { frame: string; reply: string; reason: string }[] = [
  { frame: "\x02I2|01|ACT|1000000001|DS1-BD|01A05||MAJOR|y|03/14/09:26\x030000\r", reply: "\x1501\r", reason: "bad checksum" },
  { frame: "\x02I1|01|ACT|1000000001|DS1-BD|01A05||MAJOR|y|03/14/09:26\x030000\r", reply: "\x15\r", reason: "bad checksum" },
  // The header is unreadable (noise hit the version): nobody can say which record this was.
  { frame: "\x02I#|01|ACT|1000000001|DS1-BD|01A05||MAJOR|y|03/14/09:26\x03263A\r", reply: "\x15\r", reason: "bad checksum" },
  // Cut short by a CR: the header was read, so the NAK names it.
  { frame: "\x02I2|07|ACT|10000\r", reply: "\x1507\r", reason: "record cut short" },
];
