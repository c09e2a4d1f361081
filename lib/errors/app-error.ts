/** Domain errors, mapped to tRPC/HTTP codes in one place (lib/api/error-map.ts). */
export type TAppErrorCode = "UNAUTHENTICATED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "INVALID" | "RATE_LIMITED" | "UNAVAILABLE";

export class AppError extends Error {
  constructor(
    readonly code: TAppErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "AppError";
  }
}
