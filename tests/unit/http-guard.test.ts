import { describe, expect, it } from "vitest";
import { addressList, BODY_LIMIT_BYTES, forwardedProto, INGEST_BODY_LIMIT_BYTES, refuseBody } from "../../lib/api/http-guard.ts";

describe("http guard", () => {
  it("X-Forwarded-Proto is believed from a trusted proxy only", () => {
    const trusted = addressList("127.0.0.1, 10.0.0.5");
    const headers = { "x-forwarded-proto": "https" };
    expect(forwardedProto(headers, { remote: "10.0.0.5", trusted })).toBe("https");
    expect(forwardedProto(headers, { remote: "192.0.2.7", trusted })).toBeUndefined();
    expect(forwardedProto({ "x-forwarded-proto": "HTTPS, http" }, { remote: "127.0.0.1", trusted })).toBe("https");
    expect(forwardedProto({ "x-forwarded-proto": "gopher" }, { remote: "127.0.0.1", trusted })).toBe("http");
  });

  it("the larger ingest limit needs a bearer token and a request of alarm.ingest only", () => {
    const len = (n: number) => ({ "content-length": String(n) });
    expect(refuseBody("POST", "/api/trpc/auth.login", len(BODY_LIMIT_BYTES))).toBeNull();
    expect(refuseBody("POST", "/api/trpc/auth.login", len(BODY_LIMIT_BYTES + 1))?.status).toBe(413);
    const bearer = { authorization: "Bearer klx_x" };
    expect(refuseBody("POST", "/api/trpc/alarm.ingest", { ...len(INGEST_BODY_LIMIT_BYTES), ...bearer })).toBeNull();
    expect(refuseBody("POST", "/api/trpc/alarm.ingest", { ...len(INGEST_BODY_LIMIT_BYTES + 1), ...bearer })?.status).toBe(413);
    expect(refuseBody("POST", "/api/trpc/alarm.ingest", len(BODY_LIMIT_BYTES + 1))?.status).toBe(413);
    expect(refuseBody("POST", "/api/trpc/alarm.ingestX", { ...len(BODY_LIMIT_BYTES + 1), ...bearer })?.status).toBe(413);
    expect(refuseBody("POST", "/api/trpc/auth.login", { "content-length": "lots" })?.status).toBe(413);
    expect(refuseBody("POST", "/api/trpc/auth.login", { "transfer-encoding": "chunked" })?.status).toBe(411);
    expect(refuseBody("GET", "/login", {})).toBeNull();
  });
});
