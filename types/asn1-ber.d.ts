declare module "asn1-ber" {
  export const Ber: { OctetString: number; Integer: number; Sequence: number };
  export class BerReader {
    constructor(buffer: Buffer);
    readSequence(tag?: number): number | null;
    readInt(tag?: number): number;
    readString(tag?: number, asBuffer?: boolean): string | Buffer | null;
  }
}
