import {
  ACK,
  EOT,
  ETX,
  FIELD_SEPARATOR,
  INADS_SPEC_VERSION,
  INADS_VERSIONS,
  MAX_BODY,
  NAK,
  STX,
  type TInadsRecord,
  type TInadsVersion,
  ZInadsRecord,
} from "./spec.ts";

/** CRC-16/CCITT-FALSE: "123456789" → 0x29B1. */
export function crc16(bytes: Uint8Array | string): number {
  const data = typeof bytes === "string" ? Buffer.from(bytes, "latin1") : bytes;
  let crc = 0xffff;
  for (const b of data) {
    crc ^= b << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

export const checksumOf = (body: string): string => crc16(body).toString(16).toUpperCase().padStart(4, "0");

const seqText = (seq: number) => String(seq).padStart(2, "0");

export function encodeBody(r: TInadsRecord, version: TInadsVersion = INADS_SPEC_VERSION): string {
  const seq = seqText(r.seq);
  return [version, seq, r.type, r.productId, r.maintObject, r.port, r.altName, r.alarmType, r.onBoard, r.alarmedAt].join(FIELD_SEPARATOR);
}

/** One record as it goes on the wire. Throws on a record the format cannot carry. */
export function encodeRecord(record: TInadsRecord, version: TInadsVersion = INADS_SPEC_VERSION): string {
  const r = ZInadsRecord.parse(record);
  const body = encodeBody(r, version);
  return `${String.fromCharCode(STX)}${body}${String.fromCharCode(ETX)}${checksumOf(body)}\r`;
}

export const END_OF_CALL = `${String.fromCharCode(EOT)}\r`;
export const ACK_REPLY = `${String.fromCharCode(ACK)}\r`;
/** A plain NAK: the v1 refusal, and v2's answer to a frame whose header could not be read. */
export const NAK_REPLY = `${String.fromCharCode(NAK)}\r`;

/** The acknowledgement of one record: ACK, its sequence number, CR (the caller ignores stale ones). */
export const ackFor = (seq: number) => `${String.fromCharCode(ACK)}${seqText(seq)}\r`;

/** The refusal of a frame whose header read as `version|seq|` (null: unreadable). */
export function nakFor(header: { version: TInadsVersion; seq: number } | null): string {
  return header?.version === "I2" ? `${String.fromCharCode(NAK)}${seqText(header.seq)}\r` : NAK_REPLY;
}

/** Version and seq from the start of a frame body, if they read cleanly (even when the rest is bad). */
export function readHeader(body: string): { version: TInadsVersion; seq: number } | null {
  const m = /^(I\d)\|(\d\d)\|/.exec(body);
  const version = INADS_VERSIONS.find((v) => v === m?.[1]);
  return m && version ? { version, seq: Number(m[2]) } : null;
}

export type TDecodeResult = { ok: true; record: TInadsRecord; version: TInadsVersion } | { ok: false; reason: string };

/** Decodes a frame's body and checksum (the bytes between STX and ETX, and the 4 after ETX). */
export function decodeFrame(body: string, checksum: string): TDecodeResult {
  if (body.length > MAX_BODY) return { ok: false, reason: "record too long" };
  if (checksum.toUpperCase() !== checksumOf(body)) return { ok: false, reason: "bad checksum" };
  return decodeBody(body);
}

export function decodeBody(body: string): TDecodeResult {
  const f = body.split(FIELD_SEPARATOR);
  if (f.length !== 10) return { ok: false, reason: `expected 10 fields, got ${f.length}` };
  const [version, seq, type, productId, maintObject, port, altName, alarmType, onBoard, alarmedAt] = f as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const known = INADS_VERSIONS.find((v) => v === version);
  if (!known) return { ok: false, reason: `unknown format version ${JSON.stringify(version)}` };
  if (!/^\d\d$/.test(seq)) return { ok: false, reason: "bad sequence number" };
  const parsed = ZInadsRecord.safeParse({
    seq: Number(seq),
    type,
    productId,
    maintObject,
    port,
    altName,
    alarmType,
    onBoard: onBoard.toLowerCase(),
    alarmedAt,
  });
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    return { ok: false, reason: `invalid ${i?.path.join(".") ?? "record"}: ${i?.message ?? "?"}` };
  }
  return { ok: true, record: parsed.data, version: known };
}
