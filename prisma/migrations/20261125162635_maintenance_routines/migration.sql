-- CreateEnum
CREATE TYPE "AlarmReportFrequency" AS ENUM ('DAILY', 'WEEKLY', 'MONTHLY');

-- AlterTable
ALTER TABLE "MaintenanceRun" ADD COLUMN     "requestId" INTEGER,
ADD COLUMN     "result" JSONB,
ADD COLUMN     "trigger" TEXT NOT NULL DEFAULT 'SCHEDULE',
ADD COLUMN     "windowKey" TEXT;

-- AlterTable
ALTER TABLE "MaintenanceSetting" ADD COLUMN     "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateTable
CREATE TABLE "MaintenanceRequest" (
    "id" SERIAL NOT NULL,
    "kind" "MaintenanceKind" NOT NULL,
    "payload" JSONB,
    "requestedBy" TEXT NOT NULL,
    "requestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MaintenanceRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ArchivedAlarm" (
    "id" INTEGER NOT NULL,
    "source" "AlarmSource" NOT NULL,
    "systemId" INTEGER,
    "productId" TEXT,
    "severity" "Severity" NOT NULL,
    "alarmNumber" TEXT,
    "maintObject" TEXT,
    "port" TEXT,
    "onBoard" BOOLEAN,
    "altName" TEXT,
    "alarmType" TEXT,
    "description" TEXT,
    "svcState" TEXT,
    "status" "AlarmStatus" NOT NULL,
    "firstSeenAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL,
    "count" INTEGER NOT NULL,
    "dedupKey" TEXT NOT NULL,
    "raw" JSONB,
    "searchText" TEXT NOT NULL DEFAULT '',
    "receivedBy" TEXT,
    "acknowledgedAt" TIMESTAMP(3),
    "acknowledgedBy" TEXT,
    "resolvedAt" TIMESTAMP(3),
    "resolvedBy" TEXT,
    "archivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "history" JSONB,

    CONSTRAINT "ArchivedAlarm_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlarmReport" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "recipients" TEXT[],
    "frequency" "AlarmReportFrequency" NOT NULL,
    "filter" JSONB NOT NULL DEFAULT '{}',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AlarmReport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlarmReportSend" (
    "id" SERIAL NOT NULL,
    "reportId" INTEGER,
    "reportName" TEXT NOT NULL,
    "frequency" "AlarmReportFrequency" NOT NULL,
    "periodStart" TIMESTAMP(3) NOT NULL,
    "periodEnd" TIMESTAMP(3) NOT NULL,
    "periodKey" TEXT,
    "recipients" TEXT[],
    "subject" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "error" TEXT,
    "alarmCount" INTEGER NOT NULL,
    "html" TEXT NOT NULL,
    "csv" TEXT NOT NULL,
    "messageId" TEXT,
    "trigger" TEXT NOT NULL,
    "runId" INTEGER,
    "nodeName" TEXT NOT NULL,
    "epoch" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "AlarmReportSend_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MaintenanceRequest_kind_requestedAt_idx" ON "MaintenanceRequest"("kind", "requestedAt");

-- CreateIndex
CREATE INDEX "ArchivedAlarm_lastSeenAt_idx" ON "ArchivedAlarm"("lastSeenAt");

-- CreateIndex
CREATE INDEX "ArchivedAlarm_firstSeenAt_idx" ON "ArchivedAlarm"("firstSeenAt");

-- CreateIndex
CREATE INDEX "ArchivedAlarm_systemId_lastSeenAt_idx" ON "ArchivedAlarm"("systemId", "lastSeenAt");

-- CreateIndex
CREATE INDEX "ArchivedAlarm_productId_alarmNumber_idx" ON "ArchivedAlarm"("productId", "alarmNumber");

-- CreateIndex
CREATE INDEX "ArchivedAlarm_severity_lastSeenAt_idx" ON "ArchivedAlarm"("severity", "lastSeenAt");

-- CreateIndex
CREATE UNIQUE INDEX "AlarmReportSend_periodKey_key" ON "AlarmReportSend"("periodKey");

-- CreateIndex
CREATE INDEX "AlarmReportSend_createdAt_idx" ON "AlarmReportSend"("createdAt");

-- CreateIndex
CREATE INDEX "AlarmReportSend_reportId_createdAt_idx" ON "AlarmReportSend"("reportId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "MaintenanceRun_requestId_key" ON "MaintenanceRun"("requestId");

-- CreateIndex
CREATE INDEX "MaintenanceRun_kind_startedAt_idx" ON "MaintenanceRun"("kind", "startedAt");

-- CreateIndex
CREATE INDEX "TaskRun_alarmId_idx" ON "TaskRun"("alarmId");

-- AddForeignKey
ALTER TABLE "ArchivedAlarm" ADD CONSTRAINT "ArchivedAlarm_systemId_fkey" FOREIGN KEY ("systemId") REFERENCES "System"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlarmReportSend" ADD CONSTRAINT "AlarmReportSend_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "AlarmReport"("id") ON DELETE SET NULL ON UPDATE CASCADE;
