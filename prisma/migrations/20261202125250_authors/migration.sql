-- CreateEnum
CREATE TYPE "author_standing" AS ENUM ('NORMAL', 'TRUSTED', 'PREMODERATED', 'SUSPENDED', 'BANNED');

-- CreateTable
CREATE TABLE "authors" (
    "author_key" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "standing" "author_standing" NOT NULL DEFAULT 'NORMAL',
    "suspended_until" TIMESTAMPTZ(3),
    "approved_count" INTEGER NOT NULL DEFAULT 0,
    "rejected_count" INTEGER NOT NULL DEFAULT 0,
    "reported_count" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "authors_pkey" PRIMARY KEY ("author_key")
);

-- CreateTable
CREATE TABLE "author_notes" (
    "id" UUID NOT NULL,
    "author_key" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "moderator_id" TEXT NOT NULL,
    "moderator_name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "author_notes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "author_notes_author_key_created_at_idx" ON "author_notes"("author_key", "created_at" DESC);

-- AddForeignKey
ALTER TABLE "author_notes" ADD CONSTRAINT "author_notes_author_key_fkey" FOREIGN KEY ("author_key") REFERENCES "authors"("author_key") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Written by hand (the schema language has no triggers; the drift test compares tables, not
-- triggers). The database keeps authors in step with their comments, in the transaction that
-- writes the comment, whoever writes it (the worker's insert, a moderator's decision, anything
-- later): storing a comment upserts its author (latest name, first and last seen, counts), and
-- every change of a comment's status moves the approved/rejected counts.
CREATE FUNCTION "comments_keep_author"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "authors" AS a ("author_key", "display_name", "approved_count", "rejected_count",
                                "created_at", "last_seen_at")
    VALUES (NEW."author_key", NEW."author_name", (NEW."status" = 'APPROVED')::int,
            (NEW."status" = 'REJECTED')::int, NEW."created_at", NEW."created_at")
    ON CONFLICT ("author_key") DO UPDATE SET
      "display_name" = CASE WHEN EXCLUDED."last_seen_at" >= a."last_seen_at"
                            THEN EXCLUDED."display_name" ELSE a."display_name" END,
      "created_at" = LEAST(a."created_at", EXCLUDED."created_at"),
      "last_seen_at" = GREATEST(a."last_seen_at", EXCLUDED."last_seen_at"),
      "approved_count" = a."approved_count" + EXCLUDED."approved_count",
      "rejected_count" = a."rejected_count" + EXCLUDED."rejected_count";
  ELSIF NEW."status" IS DISTINCT FROM OLD."status" THEN
    UPDATE "authors" SET
      "approved_count" = "approved_count" + (NEW."status" = 'APPROVED')::int - (OLD."status" = 'APPROVED')::int,
      "rejected_count" = "rejected_count" + (NEW."status" = 'REJECTED')::int - (OLD."status" = 'REJECTED')::int
    WHERE "author_key" = NEW."author_key";
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "comments_keep_author" AFTER INSERT OR UPDATE OF "status" ON "comments"
  FOR EACH ROW EXECUTE FUNCTION "comments_keep_author"();

-- Authors of the comments stored before this migration.
INSERT INTO "authors" ("author_key", "display_name", "approved_count", "rejected_count",
                       "created_at", "last_seen_at")
SELECT "author_key",
       (array_agg("author_name" ORDER BY "created_at" DESC))[1],
       count(*) FILTER (WHERE "status" = 'APPROVED'),
       count(*) FILTER (WHERE "status" = 'REJECTED'),
       min("created_at"), max("created_at")
FROM "comments" GROUP BY "author_key";
