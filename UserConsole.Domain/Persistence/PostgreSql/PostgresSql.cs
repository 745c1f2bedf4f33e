using Microsoft.EntityFrameworkCore.Migrations;

namespace UserConsole.Domain.Persistence;

/// <summary>The hand-written SQL of the PostgreSQL schema, kept apart from the generated migrations so that a
/// regenerated migration only has to call <see cref="Up"/>/<see cref="Down"/>. Each part is PostgreSQL's
/// counterpart of a hand-written part of the SQLite migrations:
/// <list type="bullet">
/// <item>the users search (SQLite: FTS5 trigram table <c>UserSearch</c>): a pg_trgm GIN index over the four searched
/// columns, ASCII-lower-cased as SQLite's <c>lower()</c> does (<c>uc_ascii_lower</c>), which serves
/// <c>LIKE '%text%'</c> (see <see cref="UserSearchSql"/>);</item>
/// <item>the daily outcome rollup (SQLite: triggers <c>JobLogs_Outcome*</c>): one plpgsql trigger on JobLogs
/// keeping <c>JobOutcomeDays</c> in the same transaction;</item>
/// <item>the append-only audit trail (SQLite: triggers <c>AuditEntries_*</c> and the <c>AuditPrunePermits</c>
/// table): the same three refusals as plpgsql triggers.</item>
/// </list></summary>
public static class PostgresSql
{
    /// <summary>The UTC day of a timestamp as "yyyy-MM-dd" (SQLite's <c>date()</c>).</summary>
    public const string UtcDayFunction = "uc_utc_day";

    /// <summary>ASCII letters lower-cased, every other character as it is (SQLite's <c>lower()</c>).</summary>
    public const string AsciiLowerFunction = "uc_ascii_lower";

    public static void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql($"""
            CREATE FUNCTION {UtcDayFunction}(value timestamp with time zone) RETURNS text
            LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
            RETURN to_char(value AT TIME ZONE 'UTC', 'YYYY-MM-DD');
            """);
        migrationBuilder.Sql($"""
            CREATE FUNCTION {AsciiLowerFunction}(value text) RETURNS text
            LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
            RETURN translate(value, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz');
            """);
        UsersSearch(migrationBuilder);
        OutcomeRollup(migrationBuilder);
        AppendOnlyAudit(migrationBuilder);
    }

    public static void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql("""
            DROP TRIGGER IF EXISTS "AuditEntries_ChainedInsert" ON "AuditEntries";
            DROP TRIGGER IF EXISTS "AuditEntries_AppendOnlyDelete" ON "AuditEntries";
            DROP TRIGGER IF EXISTS "AuditEntries_AppendOnlyUpdate" ON "AuditEntries";
            DROP FUNCTION IF EXISTS uc_audit_chained_insert();
            DROP FUNCTION IF EXISTS uc_audit_append_only_delete();
            DROP FUNCTION IF EXISTS uc_audit_append_only_update();
            DROP TABLE IF EXISTS "AuditPrunePermits";
            DROP TRIGGER IF EXISTS "JobLogs_Outcome" ON "JobLogs";
            DROP FUNCTION IF EXISTS uc_job_outcome();
            DROP INDEX IF EXISTS "IX_Users_Search";
            """);
        migrationBuilder.Sql($"DROP FUNCTION IF EXISTS {AsciiLowerFunction}(text); DROP FUNCTION IF EXISTS {UtcDayFunction}(timestamp with time zone);");
    }

    private static void UsersSearch(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("CREATE EXTENSION IF NOT EXISTS pg_trgm;");
        migrationBuilder.Sql($"""
            CREATE INDEX "IX_Users_Search" ON "Users" USING gin (
                {AsciiLowerFunction}("NormalizedUserName") gin_trgm_ops, {AsciiLowerFunction}("NormalizedEmail") gin_trgm_ops,
                {AsciiLowerFunction}("FullName") gin_trgm_ops, {AsciiLowerFunction}("Company") gin_trgm_ops);
            """);
    }

    // A log counts once it has finished (Status is not Started = 0), under the UTC day of its start. An insert, a
    // status change (a job finishing) and a delete (a schedule deleted with its logs) each move the count in the
    // statement's transaction.
    private static void OutcomeRollup(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql($$"""
            CREATE FUNCTION uc_job_outcome() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'UPDATE' AND NEW."Status" IS NOT DISTINCT FROM OLD."Status" AND NEW."StartedAt" IS NOT DISTINCT FROM OLD."StartedAt"
                    AND NEW."ScheduleId" IS NOT DISTINCT FROM OLD."ScheduleId" THEN
                    RETURN NULL;
                END IF;
                IF TG_OP IN ('UPDATE', 'DELETE') AND OLD."Status" <> 0 THEN
                    UPDATE "JobOutcomeDays" SET "Count" = "Count" - 1
                    WHERE "Day" = {{UtcDayFunction}}(OLD."StartedAt") AND "ScheduleId" = OLD."ScheduleId" AND "Status" = OLD."Status";
                    DELETE FROM "JobOutcomeDays"
                    WHERE "Day" = {{UtcDayFunction}}(OLD."StartedAt") AND "ScheduleId" = OLD."ScheduleId" AND "Status" = OLD."Status" AND "Count" <= 0;
                END IF;
                IF TG_OP IN ('INSERT', 'UPDATE') AND NEW."Status" <> 0 THEN
                    INSERT INTO "JobOutcomeDays" ("Day", "ScheduleId", "Status", "Count") VALUES ({{UtcDayFunction}}(NEW."StartedAt"), NEW."ScheduleId", NEW."Status", 1)
                    ON CONFLICT ("Day", "Status", "ScheduleId") DO UPDATE SET "Count" = "JobOutcomeDays"."Count" + 1;
                END IF;
                RETURN NULL;
            END;
            $$;
            """);
        migrationBuilder.Sql("""CREATE TRIGGER "JobLogs_Outcome" AFTER INSERT OR UPDATE OF "Status", "StartedAt", "ScheduleId" OR DELETE ON "JobLogs" FOR EACH ROW EXECUTE FUNCTION uc_job_outcome();""");
        migrationBuilder.Sql($"""
            INSERT INTO "JobOutcomeDays" ("Day", "ScheduleId", "Status", "Count")
            SELECT {UtcDayFunction}("StartedAt"), "ScheduleId", "Status", COUNT(*) FROM "JobLogs" WHERE "Status" <> 0
            GROUP BY {UtcDayFunction}("StartedAt"), "ScheduleId", "Status";
            """);
    }

    // Retention deletes the oldest entries only while a permit row in its own transaction covers them; nothing else
    // may delete. An entry written before the hash chain may get its hashes once, and nothing of an entry may change
    // after that. New entries must arrive chained (the DbContext seals them).
    private static void AppendOnlyAudit(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""CREATE TABLE "AuditPrunePermits" ("Id" bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "UpToId" bigint NOT NULL);""");
        migrationBuilder.Sql("""
            CREATE FUNCTION uc_audit_append_only_update() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF OLD."Hash" IS NOT NULL OR OLD."PreviousHash" IS NOT NULL
                    OR (NEW."Id", NEW."At", NEW."ActorId", NEW."ActorUserName", NEW."ActorFullName", NEW."ActorCompany", NEW."Action",
                        NEW."TargetType", NEW."TargetId", NEW."TargetName", NEW."Changes", NEW."Outcome", NEW."ErrorCode")
                    IS DISTINCT FROM (OLD."Id", OLD."At", OLD."ActorId", OLD."ActorUserName", OLD."ActorFullName", OLD."ActorCompany", OLD."Action",
                        OLD."TargetType", OLD."TargetId", OLD."TargetName", OLD."Changes", OLD."Outcome", OLD."ErrorCode") THEN
                    RAISE EXCEPTION 'The audit trail is append-only: an audit entry cannot be changed.' USING ERRCODE = 'raise_exception';
                END IF;
                RETURN NEW;
            END;
            $$;
            CREATE TRIGGER "AuditEntries_AppendOnlyUpdate" BEFORE UPDATE ON "AuditEntries" FOR EACH ROW EXECUTE FUNCTION uc_audit_append_only_update();
            """);
        migrationBuilder.Sql("""
            CREATE FUNCTION uc_audit_append_only_delete() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NOT EXISTS (SELECT 1 FROM "AuditPrunePermits" WHERE OLD."Id" <= "UpToId") THEN
                    RAISE EXCEPTION 'The audit trail is append-only: an audit entry cannot be deleted (only retention removes the oldest days).' USING ERRCODE = 'raise_exception';
                END IF;
                RETURN OLD;
            END;
            $$;
            CREATE TRIGGER "AuditEntries_AppendOnlyDelete" BEFORE DELETE ON "AuditEntries" FOR EACH ROW EXECUTE FUNCTION uc_audit_append_only_delete();
            """);
        migrationBuilder.Sql("""
            CREATE FUNCTION uc_audit_chained_insert() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW."Hash" IS NULL OR NEW."PreviousHash" IS NULL THEN
                    RAISE EXCEPTION 'An audit entry must be written hash-chained.' USING ERRCODE = 'raise_exception';
                END IF;
                RETURN NEW;
            END;
            $$;
            CREATE TRIGGER "AuditEntries_ChainedInsert" BEFORE INSERT ON "AuditEntries" FOR EACH ROW EXECUTE FUNCTION uc_audit_chained_insert();
            """);
    }
}
