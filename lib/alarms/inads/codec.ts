import { ACK, EOT, ETX, FIELD_SEPARATOR, INADS_SPEC_VERSION, MAX_BODY, NAK, STX, type TInadsRecord, ZInadsRecord } from "./spec.ts";

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

export function encodeBody(r: TInadsRecord): string {
  const seq = String(r.seq).padStart(2, "0");
  return [INADS_SPEC_VERSION, seq, r.type, r.productId, r.maintObject, r.port, r.altName, r.alarmType, r.onBoard, r.alarmedAt].join(
    FIELD_SEPARATOR,
  );
}

/** One record as it goes on the wire. Throws on a record the format cannot carry. */
export function encodeRecord(record: TInadsRecord): string {
  const r = ZInadsRecord.parse(record);
  const body = encodeBody(r);
  return `${String.fromCharCode(STX)}${body}${String.fromCharCode(ETX)}${checksumOf(body)}\r`;
}

export const END_OF_CALL = `${String.fromCharCode(EOT)}\r`;
export const ACK_REPLY = `${String.fromCharCode(ACK)}\r`;
export const NAK_REPLY = `${String.fromCharCode(NAK)}\r`;

export type TDecodeResult = { ok: true; record: TInadsRecord } | { ok: false; reason: string };

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
    string, string, string, string, string, string, string, string, string, string,
  ];
  if (version !== INADS_SPEC_VERSION) return { ok: false, reason: `unknown format version ${JSON.stringify(version)}` };
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
  return { ok: true, record: parsed.data };
}

