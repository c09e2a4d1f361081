import { z } from "zod";

// A pragmatic address check (what SMTP servers accept in practice): local@domain.tld, no spaces
// or angle brackets. zod's .email() is stricter than some real mailboxes and laxer on others.
const ADDRESS = /^[^\s@<>(),;:"[\]]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export const ZEmailAddress = z
  .string()
  .trim()
  .max(254)
  .refine((v) => ADDRESS.test(v), { message: "not an email address (expected name@example.com)" });

/** "Klaxon <alarms@example.com>" or a bare address. */
export const ZFromAddress = z
  .string()
  .trim()
  .max(300)
  .refine((v) => ADDRESS.test(v) || /^[^<>]{0,200}<[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>$/.test(v), {
    message: "not a sender address (expected alarms@example.com or Klaxon <alarms@example.com>)",
  });

/** The bare address inside a From value. */
export function bareAddress(from: string): string {
  const m = /<([^>]+)>/.exec(from);
  return (m?.[1] ?? from).trim();
}
