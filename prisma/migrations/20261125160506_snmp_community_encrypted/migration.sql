-- AlterTable
ALTER TABLE "System" ADD COLUMN     "snmpCommunityEnc" TEXT;
