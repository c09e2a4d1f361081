import { viewFromParams } from "@/components/alarms/board-view.ts";
import { AlarmBoard } from "./alarm-board.tsx";

export const dynamic = "force-dynamic";

/** The board opens on the view its URL names (a shared link, a refresh), read on the server for the first paint. */
export default async function AlarmsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  return <AlarmBoard initialView={viewFromParams(await searchParams)} />;
}
