-- CreateEnum
CREATE TYPE "report_reason" AS ENUM ('ABUSE', 'SPAM', 'OFF_TOPIC', 'OTHER');

-- CreateEnum
CREATE TYPE "report_outcome" AS ENUM ('UPHELD', 'DISMISSED');

-- AlterTable
ALTER TABLE "comments" ADD COLUMN     "reported_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "reports" (
    "id" UUID NOT NULL,
    "comment_id" UUID NOT NULL,
    "reader_key" TEXT NOT NULL,
    "reason" "report_reason" NOT NULL,
    "note" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "outcome" "report_outcome",
    "decided_at" TIMESTAMPTZ(3),

    CONSTRAINT "reports_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "reports_reader_key_idx" ON "reports"("reader_key");

-- CreateIndex
CREATE UNIQUE INDEX "reports_comment_id_reader_key_key" ON "reports"("comment_id", "reader_key");

-- CreateIndex
CREATE INDEX "comments_reported_at_created_at_id_idx" ON "comments"("reported_at", "created_at", "id");

-- AddForeignKey
ALTER TABLE "reports" ADD CONSTRAINT "reports_comment_id_fkey" FOREIGN KEY ("comment_id") REFERENCES "comments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
