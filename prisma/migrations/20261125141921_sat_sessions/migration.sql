-- CreateEnum
CREATE TYPE "SatProtocol" AS ENUM ('SSH', 'TELNET');

-- AlterTable
ALTER TABLE "System" ADD COLUMN     "pppPasswordEnc" TEXT,
ADD COLUMN     "pppUser" TEXT,
ADD COLUMN     "satProtocol" "SatProtocol" NOT NULL DEFAULT 'SSH',
ADD COLUMN     "sshHostKey" TEXT,
ADD COLUMN     "sshHostKeyAt" TIMESTAMP(3),
ADD COLUMN     "sshHostKeyNew" TEXT,
ADD COLUMN     "sshHostKeyNewAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "SatSessionLease" (
    "systemId" INTEGER NOT NULL,
    "slot" INTEGER NOT NULL,
    "holder" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SatSessionLease_pkey" PRIMARY KEY ("systemId","slot")
);

-- AddForeignKey
ALTER TABLE "SatSessionLease" ADD CONSTRAINT "SatSessionLease_systemId_fkey" FOREIGN KEY ("systemId") REFERENCES "System"("id") ON DELETE CASCADE ON UPDATE CASCADE;
