/**
 * The web UI's client asks for superjson with this header; any other caller gets plain JSON
 * (`GET /api/trpc/alarm.list?input={…}`, `POST` with a JSON body), as the README promises.
 */
export const SUPERJSON_WIRE = { header: "x-klaxon-wire", value: "superjson" } as const;
