-- AlterTable
ALTER TABLE "Contact" ADD COLUMN     "pagerBaud" INTEGER,
ADD COLUMN     "pagerFormat" TEXT,
ADD COLUMN     "pagerMaxLength" INTEGER;

-- CreateTable
CREATE TABLE "MailboxPoll" (
    "mailbox" TEXT NOT NULL,
    "uidValidity" TEXT,
    "lastUid" INTEGER NOT NULL DEFAULT 0,
    "polledAt" TIMESTAMP(3) NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "error" TEXT,
    "handled" INTEGER NOT NULL DEFAULT 0,
    "nodeName" TEXT NOT NULL,
    "epoch" INTEGER NOT NULL,

    CONSTRAINT "MailboxPoll_pkey" PRIMARY KEY ("mailbox")
);
