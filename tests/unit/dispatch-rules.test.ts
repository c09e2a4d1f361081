import { describe, expect, it } from "vitest";
import { findReplyTokens, replyToken, signAckLink, verifyAckLink } from "../../lib/dispatch/ack-token.ts";
import { activeSilence, globMatches, matchesAlarm, onDuty, type TAlarmFacts, ZDutyHours } from "../../lib/dispatch/match.ts";
import { idempotencyKey, messageIdFor, planFor, type TPolicy } from "../../lib/dispatch/plan.ts";
import { pagerText, renderTemplate, SAMPLE_VARS } from "../../lib/dispatch/template-render.ts";

const alarm = (over: Partial<TAlarmFacts> = {}): TAlarmFacts => ({
  source: "SNMP",
  status: "ACTIVE",
  severity: "MAJOR",
  systemId: 3,
  customerId: 7,
  maintObject: "DS1-BD",
  ...over,
});

describe("policy and silence matching", () => {
  it("globs are shell-style, case-insensitive and cover the whole name", () => {
    expect(globMatches("DS1*", "ds1-bd")).toBe(true);
    expect(globMatches("?NL-LINE", "ANL-LINE")).toBe(true);
    expect(globMatches("DS1", "DS1-BD")).toBe(false);
    expect(globMatches("DS1.BD", "DS1-BD")).toBe(false);
    expect(globMatches("DS1*", null)).toBe(false);
    expect(globMatches("  ", null)).toBe(true);
  });

  it("every given criterion must hold", () => {
    expect(matchesAlarm({ severities: ["MAJOR"], customerId: 7, maintObject: "DS1*" }, alarm())).toBe(true);
    expect(matchesAlarm({ severities: ["MINOR"] }, alarm())).toBe(false);
    expect(matchesAlarm({ systemId: 4 }, alarm())).toBe(false);
    expect(matchesAlarm({ customerId: 7 }, alarm({ customerId: null }))).toBe(false);
  });

  it("a silence holds from its start until (not including) its end", () => {
    const s = {
      id: 1,
      maintObject: "DS1*",
      startsAt: new Date("2026-12-07T10:00:00Z"),
      endsAt: new Date("2026-12-07T11:00:00Z"),
      comment: null,
    };
    expect(activeSilence([s], alarm(), new Date("2026-12-07T09:59:59Z"))).toBeUndefined();
    expect(activeSilence([s], alarm(), new Date("2026-12-07T10:30:00Z"))).toBe(s);
    expect(activeSilence([s], alarm(), new Date("2026-12-07T11:00:00Z"))).toBeUndefined();
    expect(activeSilence([s], alarm({ maintObject: "TRUNK" }), new Date("2026-12-07T10:30:00Z"))).toBeUndefined();
  });
});

describe("duty hours", () => {
  const berlinNights = { days: [1], from: "22:00", to: "06:00", timeZone: "Europe/Berlin" };

  it("an overnight shift belongs to the day it starts, in the contact's time zone", () => {
    expect(onDuty(berlinNights, new Date("2026-12-07T21:30:00Z"))).toBe(true); // Mon 22:30 in Berlin
    expect(onDuty(berlinNights, new Date("2026-12-08T02:00:00Z"))).toBe(true); // Tue 03:00, Monday's shift
    expect(onDuty(berlinNights, new Date("2026-12-08T05:00:00Z"))).toBe(false); // Tue 06:00: over
    expect(onDuty(berlinNights, new Date("2026-12-07T02:00:00Z"))).toBe(false); // Mon 03:00: Sunday's shift, not on duty
    expect(onDuty(berlinNights, new Date("2026-12-07T20:59:00Z"))).toBe(false); // Mon 21:59
  });

  it("a day shift, summer time included; no hours means always", () => {
    const office = { days: [1, 2, 3, 4, 5], from: "08:00", to: "17:00", timeZone: "America/New_York" };
    expect(onDuty(office, new Date("2026-07-06T12:00:00Z"))).toBe(true); // Mon 08:00 EDT
    expect(onDuty(office, new Date("2026-07-06T11:59:00Z"))).toBe(false);
    expect(onDuty(office, new Date("2026-12-07T13:00:00Z"))).toBe(true); // Mon 08:00 EST
    expect(onDuty(office, new Date("2026-12-05T15:00:00Z"))).toBe(false); // Saturday
    expect(onDuty(null, new Date())).toBe(true);
    expect(onDuty({ days: [0], from: "00:00", to: "00:00", timeZone: "UTC" }, new Date("2026-12-06T13:00:00Z"))).toBe(true);
  });

  it("refuses hours a person could not mean, with a message", () => {
    const r = ZDutyHours.safeParse({ days: [], from: "25:00", to: "6", timeZone: "Mars/Olympus" });
    expect(r.success).toBe(false);
    const messages = r.error?.issues.map((i) => i.message) ?? [];
    expect(messages).toEqual(
      expect.arrayContaining(["pick at least one day", "time as HH:MM (24 h)", "unknown time zone (expected e.g. Europe/Berlin)"]),
    );
  });
});

describe("escalation plan and identities", () => {
  const policy = (id: number, over: Partial<TPolicy>): TPolicy => ({
    id,
    name: `p${id}`,
    enabled: true,
    severities: [],
    customerId: null,
    systemId: null,
    maintObject: null,
    levels: [],
    notifyResolved: false,
    ...over,
  });

  it("levels of every matching, enabled policy in the order they come due", () => {
    const plan = planFor(
      [
        policy(1, {
          levels: [
            { afterSec: 0, contactIds: [1], channels: ["EMAIL"] },
            { afterSec: 600, contactIds: [2], channels: ["PAGER"] },
          ],
        }),
        policy(2, { maintObject: "DS1*", levels: [{ afterSec: 300, contactIds: [3], channels: ["EMAIL"] }] }),
        policy(3, { maintObject: "TRUNK*", levels: [{ afterSec: 0, contactIds: [4], channels: ["EMAIL"] }] }),
        policy(4, { enabled: false, levels: [{ afterSec: 0, contactIds: [5], channels: ["EMAIL"] }] }),
      ],
      alarm(),
    );
    expect(plan.map((s) => [s.policyId, s.level, s.afterSec])).toEqual([
      [1, 1, 0],
      [2, 1, 300],
      [1, 2, 600],
    ]);
  });

  it("the idempotency key and Message-ID follow (alarm, level, contact, channel) only", () => {
    const n = { alarmId: 42, level: 2, contactId: 9, channel: "EMAIL" as const };
    expect(idempotencyKey(n)).toBe("42:2:9:EMAIL");
    expect(messageIdFor(n, "noc.example")).toBe("<klaxon.42.2.9.email@noc.example>");
    expect(messageIdFor({ ...n, level: "R" }, "noc.example")).toBe("<klaxon.42.R.9.email@noc.example>");
  });
});

describe("templates", () => {
  it("fills variables, keeps unknown ones as written, escapes values in HTML", () => {
    const vars = { ...SAMPLE_VARS, description: 'loss of <signal> & "frame"' };
    expect(renderTemplate("{severity} {mo} {nosuch}", vars)).toBe("MAJOR DS1-BD {nosuch}");
    expect(renderTemplate("<b>{description}</b>", vars, "html")).toBe("<b>loss of &lt;signal&gt; &amp; &quot;frame&quot;</b>");
    expect(renderTemplate("{description}", vars)).toBe('loss of <signal> & "frame"');
  });

  it("pager text is one line of 7-bit ASCII, accents dropped, cut to the pager's length", () => {
    const vars = { ...SAMPLE_VARS, system: "Zürich\tCM", description: "line1\nline2" };
    expect(pagerText("{code} {system}\n{description}", vars, 200)).toBe("ACT Zurich CM line1 line2");
    expect(pagerText("{code} {system} {description}", vars, 10)).toHaveLength(10);
  });
});

describe("acknowledge link and reply tokens", () => {
  const key = Buffer.alloc(32, 1);
  const later = new Date(Date.now() + 3_600_000);

  it("a signed link names its notification until it expires", () => {
    const token = signAckLink(key, 17, later);
    expect(verifyAckLink(key, token)).toEqual({ ok: true, notificationId: 17 });
    expect(verifyAckLink(key, token, new Date(later.getTime() + 1000))).toEqual({ ok: false, reason: "expired" });
  });

  it("a changed id, expiry or signature, another key or garbage is refused", () => {
    const token = signAckLink(key, 17, later);
    const [id, exp, sig] = token.split(".") as [string, string, string];
    expect(verifyAckLink(key, `18.${exp}.${sig}`).ok).toBe(false);
    expect(verifyAckLink(key, `${id}.${Number(exp) + 3600}.${sig}`)).toEqual({ ok: false, reason: "bad signature" });
    expect(verifyAckLink(Buffer.alloc(32, 2), token)).toEqual({ ok: false, reason: "bad signature" });
    expect(verifyAckLink(key, "17.abc.def")).toEqual({ ok: false, reason: "malformed" });
    expect(verifyAckLink(key, "")).toEqual({ ok: false, reason: "malformed" });
  });

  it("reply tokens are found in quoted replies; forged ones are ignored", () => {
    const t = replyToken(key, 5);
    const forged = "KX-6-0123456789";
    expect(findReplyTokens(key, `Re: [ACT MAJOR] … [${t}]\n> old text ${forged}`)).toEqual([5]);
    expect(findReplyTokens(key, t.toLowerCase())).toEqual([5]);
  });
});
