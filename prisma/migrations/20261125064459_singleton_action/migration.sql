-- CreateTable
CREATE TABLE "SingletonAction" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "slotKey" TEXT NOT NULL,
    "nodeName" TEXT NOT NULL,
    "epoch" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "detail" TEXT,

    CONSTRAINT "SingletonAction_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SingletonAction_slotKey_key" ON "SingletonAction"("slotKey");

-- CreateIndex
CREATE INDEX "SingletonAction_at_idx" ON "SingletonAction"("at");
