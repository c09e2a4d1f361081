-- AlterTable
ALTER TABLE "ClusterNode" ADD COLUMN     "instanceId" TEXT;

-- AlterTable
ALTER TABLE "PrimaryLease" ADD COLUMN     "holderInstance" TEXT;
