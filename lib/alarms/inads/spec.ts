import { z } from "zod";

/**
 * Klaxon's MODELLED INADS wire format, version 1. Public sources give the content of an alarm
 * call but not its bytes, so everything below is Klaxon's model: a site with a real capture
 * corrects it here (and only here; the codec, receiver and PBX simulator read these constants).
 *
 * A call, after both modems report CONNECT:
 *   caller → receiver   one frame per record:  STX body ETX cccc CR
 *   receiver → caller   ACK CR (accepted) or NAK CR (bad frame: the caller resends it, at most
 *                       MAX_RESENDS times, then gives up on that record and goes on)
 *   caller → receiver   EOT CR (end of call);  receiver → caller  ACK CR, then both hang up
 *
 * body   = fields joined by "|":
 *          version "I1" | seq (2 digits, 00-99, wraps) | type | product ID (10 digits)
 *          | MO | port | alt name | alarm type | on-board (y/n/blank) | date alarmed MM/DD/HH:MM
 * cccc   = CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF) over the body bytes, 4 upper-case hex.
 * type   = ACT active alarm, RES resolved alarm, RST restart, CLR all alarms cleared, TST test
 *          (`test inads-link`); RST/CLR/TST leave the alarm fields blank (RST may put the
 *          restart level in alarm type).
 * A resent frame keeps its seq, so a receiver whose ACK was lost acknowledges it again without
 * storing it twice.
 */
export const INADS_SPEC_VERSION = "I1";

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

/** Worked examples: the unit tests check that the codec produces exactly these bytes. */
export const INADS_EXAMPLES: { record: TInadsRecord; frame: string }[] = [
  {
    record: {
      seq: 1,
      type: "ACT",
      productId: "1000000001",
      maintObject: "DS1-BD",
      port: "01A05",
      altName: "",
      alarmType: "MAJOR",
      onBoard: "y",
      alarmedAt: "03/14/09:26",
    },
    frame: "\x02I1|01|ACT|1000000001|DS1-BD|01A05||MAJOR|y|03/14/09:26\x03A61F\r",
  },
  {
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
    frame: "\x02I1|02|CLR|1000000001||||||\x03B34E\r",
  },
];
