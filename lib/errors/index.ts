export { AppError, type TAppErrorCode } from "./app-error.ts";
