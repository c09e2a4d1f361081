import { describe, expect, it } from "vitest";
import { addressList, BODY_LIMIT_BYTES, clientAddress, forwardedProto, INGEST_BODY_LIMIT_BYTES, refuseBody } from "../../lib/api/http-guard.ts";

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

describe("the client's address behind a reverse proxy", () => {
  const trusted = addressList("127.0.0.1, 10.0.0.5");
  const xff = (v: string) => ({ "x-forwarded-for": v });

  it("off, or from an untrusted peer: the TCP peer, whatever the header says", () => {
    expect(clientAddress(xff("203.0.113.5"), { remote: "127.0.0.1", trusted, forwardedFor: false })).toBe("127.0.0.1");
    expect(clientAddress(xff("203.0.113.5"), { remote: "192.0.2.1", trusted, forwardedFor: true })).toBe("192.0.2.1");
  });

  it("on, from a trusted proxy: the nearest hop that is not a trusted proxy; what the client prepended is ignored", () => {
    const on = { remote: "127.0.0.1", trusted, forwardedFor: true };
    expect(clientAddress(xff("203.0.113.5"), on)).toBe("203.0.113.5");
    expect(clientAddress(xff("6.6.6.6, 203.0.113.5"), on)).toBe("203.0.113.5");
    expect(clientAddress(xff("203.0.113.5, 10.0.0.5"), on)).toBe("203.0.113.5");
    expect(clientAddress({ "x-forwarded-for": ["6.6.6.6", "2001:db8::7"] }, on)).toBe("2001:db8::7");
    expect(clientAddress({}, on)).toBe("127.0.0.1");
    expect(clientAddress(xff("10.0.0.5"), on)).toBe("127.0.0.1");
    expect(clientAddress(xff("<script>"), on)).toBe("127.0.0.1");
  });
});
