-- CreateTable
CREATE TABLE "LoginThrottle" (
    "account" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "accounts" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "windowStart" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastFailureAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "nextAllowedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LoginThrottle_pkey" PRIMARY KEY ("account","address")
);

-- CreateIndex
CREATE INDEX "LoginThrottle_nextAllowedAt_idx" ON "LoginThrottle"("nextAllowedAt");
