import { isIP } from "node:net";
import { z } from "zod";

// RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens, 253 characters at most.
const LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
const HOST_NAME = new RegExp(`^(?=.{1,253}$)${LABEL}(?:\\.${LABEL})*\\.?$`);

/** An IPv4/IPv6 address or a host name: what a SAT, SNMP or PPP connection can be pointed at, nothing a shell would read. */
export const isHostOrAddress = (v: string): boolean => isIP(v) !== 0 || (HOST_NAME.test(v) && !/^[\d.]+$/.test(v));

export const ZHostOrAddress = z
  .string()
  .trim()
  .max(253)
  .refine(isHostOrAddress, "an IP address (10.0.0.5, fd00::5) or a host name (pbx1.example.net)");
