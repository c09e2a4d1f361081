export * from "./spec.ts";
export {
  ACK_REPLY,
  ackFor,
  checksumOf,
  crc16,
  decodeBody,
  decodeFrame,
  END_OF_CALL,
  encodeBody,
  encodeRecord,
  NAK_REPLY,
  nakFor,
  readHeader,
} from "./codec.ts";
export { InadsReceiver, type TInadsEvent, type TReceiverOutput } from "./receiver.ts";
export { InadsCaller, type TCallerEvent, type TCallerOutput } from "./caller.ts";
export {
  alarmedAtToDate,
  INADS_TEST_DESCRIPTION,
  inadsRecordToIntake,
  UNKNOWN_ALARM_CALL_MO,
  unknownAlarmCallToIntake,
} from "./to-intake.ts";
