export { AtSession, type TAtEvent } from "./at-session.ts";
export { LineAssembler } from "./line-assembler.ts";
export { formatResult, isFinal, parseResult, RESULT_CODES, type TResult, type TResultCode } from "./result-codes.ts";
export { parseDialString, type TDialString } from "./dial-string.ts";
export {
  applyCallerIdLine,
  digitsOf,
  emptyCallerId,
  parseCallerIdLine,
  phoneNumbersMatch,
  type TCallerId,
  type TCallerIdField,
} from "./caller-id.ts";
