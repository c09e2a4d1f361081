-- CreateIndex
CREATE INDEX "Alarm_status_severity_firstSeenAt_id_idx" ON "Alarm"("status", "severity", "firstSeenAt" DESC, "id" DESC);
