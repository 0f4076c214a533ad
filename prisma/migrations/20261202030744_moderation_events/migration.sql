-- CreateTable
CREATE TABLE "moderation_events" (
    "id" BIGSERIAL NOT NULL,
    "type" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "target_type" TEXT NOT NULL,
    "target_id" TEXT NOT NULL,
    "data" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" TIMESTAMPTZ(3),

    CONSTRAINT "moderation_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "moderation_events_target_type_target_id_id_idx" ON "moderation_events"("target_type", "target_id", "id");

-- CreateIndex
CREATE INDEX "moderation_events_actor_id_idx" ON "moderation_events"("actor", "id");

-- CreateIndex
CREATE INDEX "moderation_events_type_id_idx" ON "moderation_events"("type", "id");

-- CreateIndex
CREATE INDEX "moderation_events_published_at_id_idx" ON "moderation_events"("published_at", "id");

-- Keep the history: every audit record becomes an event, in its original order. They are
-- already in the past, so they count as published (the relay must not replay them).
INSERT INTO "moderation_events" ("type", "actor", "target_type", "target_id", "data", "created_at", "published_at")
SELECT CASE WHEN "action" = 'comment.pending' THEN 'comment.held' ELSE "action" END,
       "actor", "target_type", "target_id", "data", "created_at", "created_at"
FROM "audit_events"
ORDER BY "created_at", "id";

-- DropTable
DROP TABLE "audit_events";
