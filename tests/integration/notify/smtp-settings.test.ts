import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeMailTransports, sendMail } from "../../../lib/notify/index.ts";
import { callerAs } from "../../support/api-caller.ts";
import { useTestDatabase } from "../../support/db-fixture.ts";
import { startSilentServer, startSmtpCatcher, type TSmtpCatcher } from "../../support/smtp-catcher.ts";

describe("SMTP settings and the mail function", () => {
  const t = useTestDatabase("smtp_settings");
  let smtp: TSmtpCatcher;
  beforeAll(async () => {
    smtp = await startSmtpCatcher();
  });
  afterAll(async () => {
    closeMailTransports();
    await smtp.close();
  });

  it("settings.setSmtp keeps the password encrypted, never returns it, and testEmail delivers through a real SMTP server", async () => {
    const admin = callerAs(t.db, "ADMIN");
    const saved = await admin.settings.setSmtp({
      host: "127.0.0.1",
      port: smtp.port,
      secure: false,
      user: "klaxon",
      password: "s3cret-pw",
      from: "Klaxon <alarms@example.com>",
    });
    expect(saved).not.toHaveProperty("password");
    expect(saved).not.toHaveProperty("passwordEnc");
    expect(saved.hasPassword).toBe(true);
    const row = await t.db.setting.findUniqueOrThrow({ where: { key: "smtp" } });
    expect(JSON.stringify(row.value)).not.toContain("s3cret-pw");
    expect(JSON.stringify(row.value)).toContain("enc:v1:");
    expect(JSON.stringify(await admin.settings.getSmtp())).not.toContain("s3cret");

    // The catcher offers no AUTH: drop the user so nodemailer does not try to log in.
    await admin.settings.setSmtp({
      host: "127.0.0.1",
      port: smtp.port,
      secure: false,
      user: "",
      password: "",
      from: "Klaxon <alarms@example.com>",
    });
    const r = await admin.settings.testEmail({ to: "noc@example.com" });
    expect(r.ok).toBe(true);
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]?.to).toEqual(["noc@example.com"]);
    expect(smtp.mails[0]?.headers.get("subject")).toBe("Klaxon test email");
    const audit = await t.db.auditLog.findMany({ where: { action: { startsWith: "settings." } } });
    expect(audit.map((a) => a.action)).toContain("settings.setSmtp");
    expect(JSON.stringify(audit)).not.toContain("s3cret-pw");
  });

  it("bad input is refused with a clear message and non-admins cannot touch SMTP", async () => {
    const admin = callerAs(t.db, "ADMIN");
    await expect(admin.settings.testEmail({ to: "not an address" })).rejects.toThrow(/not an email address/);
    await expect(admin.settings.setSmtp({ host: "h", port: 25, secure: false, from: "nobody" })).rejects.toThrow(/not a sender address/);
    await expect(callerAs(t.db, "TECHNICIAN").settings.getSmtp()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      callerAs(t.db, "TECHNICIAN").settings.setSmtp({ host: "h", port: 25, secure: false, from: "a@b.example" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("sendMail sends attachments; a refusing server and a hanging server each fail with their reason", async () => {
    const admin = callerAs(t.db, "ADMIN");
    await admin.settings.setSmtp({ host: "127.0.0.1", port: smtp.port, secure: false, from: "alarms@example.com" });
    const key = Buffer.alloc(32, 7);
    await sendMail(t.db, key, {
      to: "ops@example.com",
      subject: "report",
      text: "see attached",
      attachments: [{ filename: "alarms.csv", content: "id,severity\n1,MAJOR\n" }],
    });
    const mail = smtp.mails.at(-1);
    expect(mail?.raw).toContain("filename=alarms.csv");

    smtp.mode.refuse = true;
    await expect(admin.settings.testEmail({ to: "gone@example.com" })).rejects.toThrow(/refused the recipient.*550/);
    smtp.mode.refuse = false;

    const silent = await startSilentServer();
    await admin.settings.setSmtp({ host: "127.0.0.1", port: silent.port, secure: false, from: "alarms@example.com" });
    await expect(sendMail(t.db, key, { to: "x@example.com", subject: "s", text: "t" }, { timeoutMs: 500 })).rejects.toThrow(
      /timeout|time/i,
    );
    await silent.close();
  });
});
