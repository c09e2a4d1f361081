-- AlterTable
ALTER TABLE "ClusterNode" ADD COLUMN     "intake" JSONB;
