-- CreateEnum
CREATE TYPE "ConnectionType" AS ENUM ('MODEM', 'RAS_PPP', 'DIRECT_IP');

-- CreateEnum
CREATE TYPE "SnmpVersion" AS ENUM ('V1', 'V2C', 'V3');

-- CreateEnum
CREATE TYPE "AlarmSource" AS ENUM ('SNMP', 'INADS', 'API', 'TEST');

-- CreateEnum
CREATE TYPE "Severity" AS ENUM ('CRITICAL', 'MAJOR', 'MINOR', 'WARNING', 'INFO');

-- CreateEnum
CREATE TYPE "AlarmStatus" AS ENUM ('ACTIVE', 'ACKNOWLEDGED', 'RESOLVED');

-- CreateEnum
CREATE TYPE "NodeState" AS ENUM ('ONLINE', 'DRAINING', 'OFFLINE');

-- CreateEnum
CREATE TYPE "PortPurpose" AS ENUM ('ANSWER', 'DIALOUT', 'BOTH');

-- CreateEnum
CREATE TYPE "PortStatus" AS ENUM ('IDLE', 'BUSY', 'FAULT', 'OFFLINE');

-- CreateEnum
CREATE TYPE "PagerType" AS ENUM ('NONE', 'NUMERIC', 'TAP');

-- CreateEnum
CREATE TYPE "Channel" AS ENUM ('EMAIL', 'PAGER');

-- CreateEnum
CREATE TYPE "NotificationStatus" AS ENUM ('PENDING', 'SENT', 'FAILED');

-- CreateEnum
CREATE TYPE "TaskKind" AS ENUM ('INADS_TEST', 'POST_ALARM_COMMANDS', 'CONFIG_REPORT', 'PAGER_DIAL', 'MANUAL_COMMAND');

-- CreateEnum
CREATE TYPE "TaskStatus" AS ENUM ('QUEUED', 'RUNNING', 'PASSED', 'FAILED', 'ERROR');

-- CreateEnum
CREATE TYPE "ReportFrequency" AS ENUM ('NIGHTLY', 'WEEKLY', 'MONTHLY');

-- CreateEnum
CREATE TYPE "MaintenanceKind" AS ENUM ('ALARM_REPORT', 'ARCHIVE', 'BACKUP');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('ADMIN', 'TECHNICIAN', 'VIEWER');

-- CreateTable
CREATE TABLE "Customer" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "notes" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Customer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Site" (
    "id" SERIAL NOT NULL,
    "customerId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "address" TEXT,

    CONSTRAINT "Site_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "System" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "model" TEXT,
    "customerId" INTEGER,
    "siteId" INTEGER,
    "connectionType" "ConnectionType" NOT NULL DEFAULT 'DIRECT_IP',
    "dialNumber" TEXT,
    "ipAddress" TEXT,
    "ipPort" INTEGER,
    "satLogin" TEXT,
    "satPasswordEnc" TEXT,
    "terminalType" TEXT NOT NULL DEFAULT 'ossi4',
    "snmpVersion" "SnmpVersion" NOT NULL DEFAULT 'V2C',
    "snmpCommunity" TEXT,
    "snmpV3User" TEXT,
    "snmpV3AuthProtocol" TEXT,
    "snmpV3AuthKeyEnc" TEXT,
    "snmpV3PrivProtocol" TEXT,
    "snmpV3PrivKeyEnc" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "System_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Alarm" (
    "id" SERIAL NOT NULL,
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
    "status" "AlarmStatus" NOT NULL DEFAULT 'ACTIVE',
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "count" INTEGER NOT NULL DEFAULT 1,
    "dedupKey" TEXT NOT NULL,
    "activeKey" TEXT,
    "raw" JSONB,
    "searchText" TEXT NOT NULL DEFAULT '',
    "receivedBy" TEXT,
    "acknowledgedAt" TIMESTAMP(3),
    "acknowledgedBy" TEXT,
    "resolvedAt" TIMESTAMP(3),
    "resolvedBy" TEXT,

    CONSTRAINT "Alarm_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlarmEvent" (
    "id" SERIAL NOT NULL,
    "alarmId" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "kind" TEXT NOT NULL,
    "actor" TEXT,
    "nodeName" TEXT,
    "message" TEXT NOT NULL,
    "data" JSONB,

    CONSTRAINT "AlarmEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SystemEvent" (
    "id" SERIAL NOT NULL,
    "systemId" INTEGER,
    "productId" TEXT,
    "source" "AlarmSource" NOT NULL,
    "kind" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "nodeName" TEXT,
    "message" TEXT NOT NULL,
    "raw" JSONB,

    CONSTRAINT "SystemEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RejectedIntake" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "source" "AlarmSource" NOT NULL,
    "nodeName" TEXT,
    "remote" TEXT,
    "reason" TEXT NOT NULL,
    "raw" TEXT NOT NULL,

    CONSTRAINT "RejectedIntake_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ClusterNode" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "url" TEXT,
    "version" TEXT NOT NULL,
    "pid" INTEGER,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeatAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "state" "NodeState" NOT NULL DEFAULT 'ONLINE',

    CONSTRAINT "ClusterNode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NodeRole" (
    "nodeId" INTEGER NOT NULL,
    "primaryPreferred" BOOLEAN NOT NULL DEFAULT false,
    "primaryEligible" BOOLEAN NOT NULL DEFAULT true,
    "autoAlarmReporting" BOOLEAN NOT NULL DEFAULT true,
    "autoArchiving" BOOLEAN NOT NULL DEFAULT true,
    "autoBackups" BOOLEAN NOT NULL DEFAULT true,
    "taskInadsTest" BOOLEAN NOT NULL DEFAULT true,
    "taskPostAlarmCommands" BOOLEAN NOT NULL DEFAULT true,
    "taskConfigReports" BOOLEAN NOT NULL DEFAULT true,
    "taskPagerDial" BOOLEAN NOT NULL DEFAULT true,
    "connModem" BOOLEAN NOT NULL DEFAULT true,
    "connRasPpp" BOOLEAN NOT NULL DEFAULT true,
    "connDirectIp" BOOLEAN NOT NULL DEFAULT true,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NodeRole_pkey" PRIMARY KEY ("nodeId")
);

-- CreateTable
CREATE TABLE "ModemPort" (
    "id" SERIAL NOT NULL,
    "nodeId" INTEGER NOT NULL,
    "device" TEXT NOT NULL,
    "purpose" "PortPurpose" NOT NULL DEFAULT 'BOTH',
    "baudRate" INTEGER NOT NULL DEFAULT 9600,
    "initString" TEXT NOT NULL DEFAULT 'ATE0V1Q0X4&C1&D2',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "status" "PortStatus" NOT NULL DEFAULT 'OFFLINE',
    "lastProbeAt" TIMESTAMP(3),
    "lastError" TEXT,

    CONSTRAINT "ModemPort_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PrimaryLease" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "holderName" TEXT,
    "epoch" INTEGER NOT NULL DEFAULT 0,
    "acquiredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PrimaryLease_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ClusterEvent" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "kind" TEXT NOT NULL,
    "nodeName" TEXT,
    "epoch" INTEGER,
    "message" TEXT NOT NULL,

    CONSTRAINT "ClusterEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Contact" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "pagerType" "PagerType" NOT NULL DEFAULT 'NONE',
    "pagerNumber" TEXT,
    "pagerId" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "Contact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NotificationRule" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "severities" "Severity"[],
    "customerId" INTEGER,
    "systemId" INTEGER,
    "maintObjectPattern" TEXT,
    "contactId" INTEGER NOT NULL,
    "channel" "Channel" NOT NULL,
    "escalateAfterMin" INTEGER,

    CONSTRAINT "NotificationRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" SERIAL NOT NULL,
    "alarmId" INTEGER NOT NULL,
    "ruleId" INTEGER,
    "contactId" INTEGER NOT NULL,
    "channel" "Channel" NOT NULL,
    "status" "NotificationStatus" NOT NULL DEFAULT 'PENDING',
    "idempotencyKey" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CommandRule" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "severities" "Severity"[],
    "systemId" INTEGER,
    "maintObjectPattern" TEXT,
    "commands" TEXT[],

    CONSTRAINT "CommandRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TaskRun" (
    "id" SERIAL NOT NULL,
    "kind" "TaskKind" NOT NULL,
    "systemId" INTEGER,
    "alarmId" INTEGER,
    "nodeName" TEXT,
    "connectionType" "ConnectionType",
    "port" TEXT,
    "jobId" TEXT,
    "status" "TaskStatus" NOT NULL DEFAULT 'QUEUED',
    "transcript" TEXT NOT NULL DEFAULT '',
    "result" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "TaskRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConfigReportSchedule" (
    "id" SERIAL NOT NULL,
    "systemId" INTEGER NOT NULL,
    "frequency" "ReportFrequency" NOT NULL,
    "commands" TEXT[],
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "lastRunAt" TIMESTAMP(3),

    CONSTRAINT "ConfigReportSchedule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConfigReport" (
    "id" SERIAL NOT NULL,
    "systemId" INTEGER NOT NULL,
    "scheduleId" INTEGER,
    "taskRunId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "content" TEXT NOT NULL,

    CONSTRAINT "ConfigReport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MaintenanceSetting" (
    "kind" "MaintenanceKind" NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "schedule" TEXT NOT NULL,
    "settings" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "MaintenanceSetting_pkey" PRIMARY KEY ("kind")
);

-- CreateTable
CREATE TABLE "MaintenanceRun" (
    "id" SERIAL NOT NULL,
    "kind" "MaintenanceKind" NOT NULL,
    "slotKey" TEXT NOT NULL,
    "nodeName" TEXT NOT NULL,
    "epoch" INTEGER NOT NULL,
    "status" "TaskStatus" NOT NULL DEFAULT 'RUNNING',
    "detail" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "MaintenanceRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'VIEWER',
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastLoginAt" TIMESTAMP(3),

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "userId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ip" TEXT,
    "userAgent" TEXT,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LoginAttempt" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "success" BOOLEAN NOT NULL,

    CONSTRAINT "LoginAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorType" TEXT NOT NULL,
    "actorId" INTEGER,
    "actorName" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target" TEXT,
    "detail" JSONB,
    "nodeName" TEXT,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Customer_name_key" ON "Customer"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Site_customerId_name_key" ON "Site"("customerId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "System_productId_key" ON "System"("productId");

-- CreateIndex
CREATE UNIQUE INDEX "Alarm_activeKey_key" ON "Alarm"("activeKey");

-- CreateIndex
CREATE INDEX "Alarm_status_lastSeenAt_idx" ON "Alarm"("status", "lastSeenAt");

-- CreateIndex
CREATE INDEX "Alarm_lastSeenAt_idx" ON "Alarm"("lastSeenAt");

-- CreateIndex
CREATE INDEX "Alarm_systemId_lastSeenAt_idx" ON "Alarm"("systemId", "lastSeenAt");

-- CreateIndex
CREATE INDEX "Alarm_productId_alarmNumber_idx" ON "Alarm"("productId", "alarmNumber");

-- CreateIndex
CREATE INDEX "Alarm_severity_status_idx" ON "Alarm"("severity", "status");

-- CreateIndex
CREATE INDEX "AlarmEvent_alarmId_at_idx" ON "AlarmEvent"("alarmId", "at");

-- CreateIndex
CREATE INDEX "SystemEvent_systemId_at_idx" ON "SystemEvent"("systemId", "at");

-- CreateIndex
CREATE INDEX "SystemEvent_at_idx" ON "SystemEvent"("at");

-- CreateIndex
CREATE INDEX "RejectedIntake_at_idx" ON "RejectedIntake"("at");

-- CreateIndex
CREATE UNIQUE INDEX "ClusterNode_name_key" ON "ClusterNode"("name");

-- CreateIndex
CREATE UNIQUE INDEX "ModemPort_nodeId_device_key" ON "ModemPort"("nodeId", "device");

-- CreateIndex
CREATE INDEX "ClusterEvent_at_idx" ON "ClusterEvent"("at");

-- CreateIndex
CREATE UNIQUE INDEX "Notification_idempotencyKey_key" ON "Notification"("idempotencyKey");

-- CreateIndex
CREATE INDEX "TaskRun_systemId_createdAt_idx" ON "TaskRun"("systemId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "MaintenanceRun_slotKey_key" ON "MaintenanceRun"("slotKey");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_tokenHash_key" ON "ApiToken"("tokenHash");

-- CreateIndex
CREATE INDEX "LoginAttempt_key_at_idx" ON "LoginAttempt"("key", "at");

-- CreateIndex
CREATE INDEX "AuditLog_at_idx" ON "AuditLog"("at");

-- AddForeignKey
ALTER TABLE "Site" ADD CONSTRAINT "Site_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "System" ADD CONSTRAINT "System_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "System" ADD CONSTRAINT "System_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Alarm" ADD CONSTRAINT "Alarm_systemId_fkey" FOREIGN KEY ("systemId") REFERENCES "System"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlarmEvent" ADD CONSTRAINT "AlarmEvent_alarmId_fkey" FOREIGN KEY ("alarmId") REFERENCES "Alarm"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SystemEvent" ADD CONSTRAINT "SystemEvent_systemId_fkey" FOREIGN KEY ("systemId") REFERENCES "System"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NodeRole" ADD CONSTRAINT "NodeRole_nodeId_fkey" FOREIGN KEY ("nodeId") REFERENCES "ClusterNode"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModemPort" ADD CONSTRAINT "ModemPort_nodeId_fkey" FOREIGN KEY ("nodeId") REFERENCES "ClusterNode"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NotificationRule" ADD CONSTRAINT "NotificationRule_systemId_fkey" FOREIGN KEY ("systemId") REFERENCES "System"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NotificationRule" ADD CONSTRAINT "NotificationRule_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_alarmId_fkey" FOREIGN KEY ("alarmId") REFERENCES "Alarm"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CommandRule" ADD CONSTRAINT "CommandRule_systemId_fkey" FOREIGN KEY ("systemId") REFERENCES "System"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TaskRun" ADD CONSTRAINT "TaskRun_systemId_fkey" FOREIGN KEY ("systemId") REFERENCES "System"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TaskRun" ADD CONSTRAINT "TaskRun_alarmId_fkey" FOREIGN KEY ("alarmId") REFERENCES "Alarm"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConfigReportSchedule" ADD CONSTRAINT "ConfigReportSchedule_systemId_fkey" FOREIGN KEY ("systemId") REFERENCES "System"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConfigReport" ADD CONSTRAINT "ConfigReport_systemId_fkey" FOREIGN KEY ("systemId") REFERENCES "System"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConfigReport" ADD CONSTRAINT "ConfigReport_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "ConfigReportSchedule"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConfigReport" ADD CONSTRAINT "ConfigReport_taskRunId_fkey" FOREIGN KEY ("taskRunId") REFERENCES "TaskRun"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
