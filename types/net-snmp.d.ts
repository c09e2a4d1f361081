// net-snmp ships no types; this declares the part Klaxon uses (receiver, sessions for tests/bench).
declare module "net-snmp" {
  import type { RemoteInfo, Socket } from "node:dgram";

  export type Varbind = { oid: string; type: number; value: unknown };
  export type Pdu = {
    type: number;
    id?: number;
    varbinds: Varbind[];
    enterprise?: string;
    agentAddr?: string;
    generic?: number;
    specific?: number;
    upTime?: number;
    community?: string;
    user?: string;
  };
  export type ReceiverUser = {
    name: string;
    level: number;
    authProtocol?: number;
    authKey?: string;
    privProtocol?: number;
    privKey?: string;
  };
  export type ReceiverCallback = (
    error: (Error & { rinfo?: RemoteInfo; error?: Error }) | null,
    data?: { pdu: Pdu; rinfo: RemoteInfo },
  ) => void;
  export type ReceiverOptions = {
    port?: number;
    address?: string | null;
    transport?: "udp4" | "udp6";
    disableAuthorization?: boolean;
    includeAuthentication?: boolean;
    engineID?: string | Buffer;
    dgramModule?: { createSocket(type: string): unknown };
  };
  export interface Authorizer {
    addCommunity(c: string): void;
    addUser(u: ReceiverUser): void;
    deleteUser(name: string): void;
    getUsers(): ReceiverUser[];
  }
  export interface Receiver {
    getAuthorizer(): Authorizer;
    onMsg(socket: Socket, buffer: Buffer, rinfo: RemoteInfo): void;
    close(cb?: () => void): void;
  }
  export function createReceiver(options: ReceiverOptions, callback: ReceiverCallback): Receiver;

  export interface Session {
    trap(typeOrOid: string | number, varbinds: Varbind[], options: Record<string, unknown>, cb: (error: Error | null) => void): void;
    trap(typeOrOid: string | number, varbinds: Varbind[], cb: (error: Error | null) => void): void;
    inform(typeOrOid: string | number, varbinds: Varbind[], options: Record<string, unknown>, cb: (error: Error | null) => void): void;
    close(): void;
    on(event: "error", cb: (e: Error) => void): void;
    /** Walks from `oid` on (GET-BULK on v2c/v3, GET-NEXT on v1) until feedCb returns true or the MIB view ends. */
    walk(oid: string, maxRepetitions: number, feedCb: (varbinds: Varbind[]) => boolean, doneCb: (error: Error | null) => void): void;
  }
  export function isVarbindError(vb: Varbind): boolean;

  export type MibTableColumn = { number: number; name: string; type: number; maxAccess: number };
  export type MibProvider = {
    name: string;
    type: number;
    oid: string;
    maxAccess?: number;
    tableColumns?: MibTableColumn[];
    tableIndex?: { columnName: string }[];
  };
  export interface Mib {
    registerProvider(p: MibProvider): void;
    addTableRow(providerName: string, row: unknown[]): void;
    deleteTableRow(providerName: string, rowIndex: unknown[]): boolean;
    getTableCells(providerName: string, byRow?: boolean, includeInstances?: boolean): unknown[][];
  }
  export interface Agent {
    getMib(): Mib;
    getAuthorizer(): Authorizer;
    close(cb?: () => void): void;
  }
  export type AgentOptions = {
    port?: number;
    address?: string | null;
    transport?: "udp4" | "udp6";
    disableAuthorization?: boolean;
    engineID?: string;
  };
  export function createAgent(options: AgentOptions, callback: (error: Error | null, data?: unknown) => void): Agent;
  export type SessionOptions = {
    port?: number;
    trapPort?: number;
    version?: number;
    timeout?: number;
    retries?: number;
    transport?: string;
    engineID?: string;
  };
  export function createSession(target: string, community: string, options?: SessionOptions): Session;
  export function createV3Session(target: string, user: ReceiverUser, options?: SessionOptions): Session;

  export const Version1: number;
  export const Version2c: number;
  export const Version3: number;
  type Names<K extends string> = { readonly [P in K]: number } & { readonly [code: number]: string | undefined };
  export const ObjectType: Names<
    | "Boolean"
    | "Integer"
    | "BitString"
    | "OctetString"
    | "Null"
    | "OID"
    | "IpAddress"
    | "Counter"
    | "Gauge"
    | "TimeTicks"
    | "Opaque"
    | "Counter64"
  >;
  export const PduType: Names<
    "GetRequest" | "GetNextRequest" | "GetResponse" | "SetRequest" | "Trap" | "GetBulkRequest" | "InformRequest" | "TrapV2" | "Report"
  >;
  export const TrapType: Names<
    "ColdStart" | "WarmStart" | "LinkDown" | "LinkUp" | "AuthenticationFailure" | "EgpNeighborLoss" | "EnterpriseSpecific"
  >;
  export const SecurityLevel: { noAuthNoPriv: number; authNoPriv: number; authPriv: number };
  export const MibProviderType: { Scalar: number; Table: number };
  export const MaxAccess: { "not-accessible": number; "read-only": number; "read-write": number; "read-create": number };
  export const AuthProtocols: Names<"none" | "md5" | "sha" | "sha224" | "sha256" | "sha384" | "sha512">;
  export const PrivProtocols: Names<"none" | "des" | "aes" | "aes256b" | "aes256r">;
  const snmp: {
    createReceiver: typeof createReceiver;
    createSession: typeof createSession;
    createV3Session: typeof createV3Session;
    createAgent: typeof createAgent;
    isVarbindError: typeof isVarbindError;
    MibProviderType: typeof MibProviderType;
    MaxAccess: typeof MaxAccess;
    Version1: number;
    Version2c: number;
    Version3: number;
    ObjectType: typeof ObjectType;
    PduType: typeof PduType;
    TrapType: typeof TrapType;
    SecurityLevel: typeof SecurityLevel;
    AuthProtocols: typeof AuthProtocols;
    PrivProtocols: typeof PrivProtocols;
  };
  export default snmp;
}
