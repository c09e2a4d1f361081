-- CreateTable
CREATE TABLE "IntakeSpoolMark" (
    "nodeName" TEXT NOT NULL,
    "lane" INTEGER NOT NULL,
    "seq" BIGINT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IntakeSpoolMark_pkey" PRIMARY KEY ("nodeName","lane")
);
