-- Keeps authors.reported_count right: every reader report stored against one of the author's
-- comments counts once, in the transaction that stores the report (a repeat report by the same
-- reader is not inserted, so it does not count). Like comments_keep_author, it holds whichever
-- code path writes reports.
CREATE FUNCTION reports_count_author() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE authors SET reported_count = reported_count + 1
  WHERE author_key = (SELECT author_key FROM comments WHERE id = NEW.comment_id);
  RETURN NULL;
END
$$;

CREATE TRIGGER reports_count_author AFTER INSERT ON reports
  FOR EACH ROW EXECUTE FUNCTION reports_count_author();
