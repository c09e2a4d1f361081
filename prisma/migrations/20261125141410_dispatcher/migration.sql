-- CreateEnum
CREATE TYPE "AltAlarmType" AS ENUM ('MAJOR', 'MINOR', 'WARNING', 'NONE', 'DROP');

-- CreateEnum
CREATE TYPE "NotificationKind" AS ENUM ('ALARM', 'RESOLVED');

-- AlterEnum
ALTER TYPE "NotificationStatus" ADD VALUE 'CANCELLED';

-- DropForeignKey
ALTER TABLE "NotificationRule" DROP CONSTRAINT "NotificationRule_contactId_fkey";

-- DropForeignKey
ALTER TABLE "NotificationRule" DROP CONSTRAINT "NotificationRule_systemId_fkey";

-- AlterTable
ALTER TABLE "Contact" ADD COLUMN     "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "dutyHours" JSONB,
ADD COLUMN     "pagerPasswordEnc" TEXT,
ADD COLUMN     "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "Notification" DROP COLUMN "ruleId",
ADD COLUMN     "ackUsedAt" TIMESTAMP(3),
ADD COLUMN     "epoch" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "inReplyTo" TEXT,
ADD COLUMN     "kind" "NotificationKind" NOT NULL DEFAULT 'ALARM',
ADD COLUMN     "level" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "messageId" TEXT,
ADD COLUMN     "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "nodeName" TEXT NOT NULL DEFAULT '';

-- DropTable
DROP TABLE "NotificationRule";

-- CreateTable
CREATE TABLE "EscalationPolicy" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "severities" "Severity"[],
    "customerId" INTEGER,
    "systemId" INTEGER,
    "maintObject" TEXT,
    "levels" JSONB NOT NULL,
    "notifyResolved" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EscalationPolicy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Silence" (
    "id" SERIAL NOT NULL,
    "systemId" INTEGER,
    "customerId" INTEGER,
    "maintObject" TEXT,
    "startsAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "comment" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Silence_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MoOverride" (
    "id" SERIAL NOT NULL,
    "scopeKey" TEXT NOT NULL,
    "maintObject" TEXT NOT NULL,
    "systemId" INTEGER,
    "alarmType" "AltAlarmType" NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MoOverride_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NotificationTemplate" (
    "id" SERIAL NOT NULL,
    "customerId" INTEGER,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "pagerText" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NotificationTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Setting_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "AlarmDispatch" (
    "alarmId" INTEGER NOT NULL,
    "plan" JSONB NOT NULL,
    "nextStep" INTEGER NOT NULL DEFAULT 0,
    "nextDueAt" TIMESTAMP(3),
    "finished" BOOLEAN NOT NULL DEFAULT false,
    "outcome" TEXT,
    "nodeName" TEXT NOT NULL,
    "epoch" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AlarmDispatch_pkey" PRIMARY KEY ("alarmId")
);

-- CreateIndex
CREATE INDEX "Silence_endsAt_idx" ON "Silence"("endsAt");

-- CreateIndex
CREATE UNIQUE INDEX "MoOverride_scopeKey_key" ON "MoOverride"("scopeKey");

-- CreateIndex
CREATE UNIQUE INDEX "NotificationTemplate_customerId_key" ON "NotificationTemplate"("customerId");

-- CreateIndex
CREATE INDEX "AlarmDispatch_finished_nextDueAt_idx" ON "AlarmDispatch"("finished", "nextDueAt");

-- CreateIndex
CREATE INDEX "AlarmDispatch_createdAt_idx" ON "AlarmDispatch"("createdAt");

-- CreateIndex
CREATE INDEX "Notification_status_channel_nextAttemptAt_idx" ON "Notification"("status", "channel", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "Notification_alarmId_idx" ON "Notification"("alarmId");

-- CreateIndex
CREATE INDEX "Notification_contactId_id_idx" ON "Notification"("contactId", "id");

-- AddForeignKey
ALTER TABLE "AlarmDispatch" ADD CONSTRAINT "AlarmDispatch_alarmId_fkey" FOREIGN KEY ("alarmId") REFERENCES "Alarm"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The dispatcher notifies alarms raised after it arrived, not every alarm already in the database.
INSERT INTO "Setting" ("key", "value", "updatedAt")
SELECT 'dispatch.startAfterAlarmId', to_jsonb(COALESCE(max("id"), 0)), CURRENT_TIMESTAMP FROM "Alarm";
