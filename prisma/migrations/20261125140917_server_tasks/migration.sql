-- AlterTable
ALTER TABLE "CommandRule" ADD COLUMN     "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "customerId" INTEGER,
ADD COLUMN     "libraryKey" TEXT,
ADD COLUMN     "resolveOnPass" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "steps" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "ConfigReport" ADD COLUMN     "changed" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "diff" JSONB,
ADD COLUMN     "parsed" JSONB;

-- AlterTable
ALTER TABLE "System" ADD COLUMN     "configChangedAt" TIMESTAMP(3),
ADD COLUMN     "snmpAgentPort" INTEGER,
ADD COLUMN     "taskFailures" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "unreachableSince" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "TaskRun" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "phase" TEXT,
ADD COLUMN     "reason" TEXT,
ADD COLUMN     "request" JSONB,
ADD COLUMN     "requestedBy" TEXT,
ADD COLUMN     "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "waitUntil" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "CommandRuleMatch" (
    "alarmId" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ruleIds" INTEGER[],
    "nodeName" TEXT NOT NULL,
    "epoch" INTEGER NOT NULL,

    CONSTRAINT "CommandRuleMatch_pkey" PRIMARY KEY ("alarmId")
);

-- CreateTable
CREATE TABLE "InadsTestSchedule" (
    "systemId" INTEGER NOT NULL,
    "frequency" "ReportFrequency" NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "lastRunAt" TIMESTAMP(3),

    CONSTRAINT "InadsTestSchedule_pkey" PRIMARY KEY ("systemId")
);

-- CreateTable
CREATE TABLE "SnmpPollState" (
    "systemId" INTEGER NOT NULL,
    "polledAt" TIMESTAMP(3) NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "error" TEXT,
    "rows" INTEGER NOT NULL DEFAULT 0,
    "raised" INTEGER NOT NULL DEFAULT 0,
    "resolved" INTEGER NOT NULL DEFAULT 0,
    "nodeName" TEXT NOT NULL,
    "epoch" INTEGER NOT NULL,

    CONSTRAINT "SnmpPollState_pkey" PRIMARY KEY ("systemId")
);

-- CreateIndex
CREATE INDEX "CommandRuleMatch_at_idx" ON "CommandRuleMatch"("at");

-- CreateIndex
CREATE UNIQUE INDEX "CommandRule_libraryKey_key" ON "CommandRule"("libraryKey");

-- CreateIndex
CREATE INDEX "ConfigReport_systemId_createdAt_idx" ON "ConfigReport"("systemId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ConfigReportSchedule_systemId_key" ON "ConfigReportSchedule"("systemId");

-- CreateIndex
CREATE INDEX "TaskRun_status_kind_idx" ON "TaskRun"("status", "kind");

-- CreateIndex
CREATE INDEX "TaskRun_kind_createdAt_idx" ON "TaskRun"("kind", "createdAt");

-- AddForeignKey
ALTER TABLE "InadsTestSchedule" ADD CONSTRAINT "InadsTestSchedule_systemId_fkey" FOREIGN KEY ("systemId") REFERENCES "System"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SnmpPollState" ADD CONSTRAINT "SnmpPollState_systemId_fkey" FOREIGN KEY ("systemId") REFERENCES "System"("id") ON DELETE CASCADE ON UPDATE CASCADE;
