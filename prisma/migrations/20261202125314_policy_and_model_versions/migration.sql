-- AlterTable
ALTER TABLE "decisions" ADD COLUMN     "model_version" INTEGER;

-- CreateTable
CREATE TABLE "policy_versions" (
    "version" SERIAL NOT NULL,
    "policy" JSONB NOT NULL,
    "note" TEXT,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "activated_at" TIMESTAMPTZ(3),

    CONSTRAINT "policy_versions_pkey" PRIMARY KEY ("version")
);

-- CreateTable
CREATE TABLE "scorer_models" (
    "version" SERIAL NOT NULL,
    "model" TEXT NOT NULL,
    "evaluation" JSONB,
    "trained_on" JSONB,
    "note" TEXT,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "activated_at" TIMESTAMPTZ(3),

    CONSTRAINT "scorer_models_pkey" PRIMARY KEY ("version")
);

-- CreateIndex
CREATE INDEX "policy_versions_activated_at_idx" ON "policy_versions"("activated_at" DESC);

-- CreateIndex
CREATE INDEX "scorer_models_activated_at_idx" ON "scorer_models"("activated_at" DESC);
