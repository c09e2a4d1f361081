export { checkPage, NUMERIC_PAUSES, type TCheckedPage, type TPagerPage, ZPagerPage } from "./page.ts";
export { sendPage, type TPageOutcome, type TSendPageOptions } from "./send-page.ts";
export { decodeFrom, encodeFor, formatOf, type TSerialFormat } from "./serial-format.ts";
export { PAGER_ID_PATTERN, tapBlocks, tapChecksum, tapText } from "./tap-block.ts";
export { TapClient, type TTapClientOptions, type TTapPage, type TTapPhase, type TTapResult, type TTapStep } from "./tap-client.ts";
export { replyCode, TapReader, type TTapToken } from "./tap-reader.ts";
export { MAX_BLOCK_DATA, printable, TAP_DEFAULTS, type TTapTimings } from "./tap-spec.ts";
export { deliverPage, PageAttemptFailed, type TDeliveryResult, type TPageDelivery } from "./page-delivery.ts";
