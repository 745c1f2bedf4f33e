using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace UserConsole.Domain.Persistence.Migrations
{
    /// <summary>A trigram index for the users search and a daily rollup for the Monitor's outcome chart, both kept by
    /// triggers in the same transaction as the rows they follow, and filled from the rows already there.</summary>
    public partial class Issue17_SearchAndRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Finished jobs per UTC day of their start, schedule and status. WITHOUT ROWID: the key is the table, so
            // the chart reads day ranges from it without a lookup per row, already in its (day, status) groups.
            migrationBuilder.Sql("""
                CREATE TABLE "JobOutcomeDays" (
                    "Day" TEXT NOT NULL,
                    "ScheduleId" INTEGER NOT NULL,
                    "Status" INTEGER NOT NULL,
                    "Count" INTEGER NOT NULL,
                    CONSTRAINT "PK_JobOutcomeDays" PRIMARY KEY ("Day", "Status", "ScheduleId"),
                    CONSTRAINT "FK_JobOutcomeDays_Schedules_ScheduleId" FOREIGN KEY ("ScheduleId") REFERENCES "Schedules" ("Id") ON DELETE CASCADE
                ) WITHOUT ROWID;
                """);
            migrationBuilder.Sql("""CREATE INDEX "IX_JobOutcomeDays_ScheduleId_Day" ON "JobOutcomeDays" ("ScheduleId", "Day");""");

            // A log counts once it has finished (Status is not Started = 0), under the day of its start: the same
            // date() the chart used over JobLogs. An insert, a status change (a job finishing) and a delete (a
            // schedule deleted with its logs) each move the count in the same statement's transaction.
            migrationBuilder.Sql("""
                CREATE TRIGGER JobLogs_OutcomeInsert AFTER INSERT ON JobLogs
                WHEN NEW.Status <> 0
                BEGIN
                    INSERT INTO JobOutcomeDays (Day, ScheduleId, Status, "Count") VALUES (date(NEW.StartedAt), NEW.ScheduleId, NEW.Status, 1)
                    ON CONFLICT (Day, Status, ScheduleId) DO UPDATE SET "Count" = "Count" + 1;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER JobLogs_OutcomeUpdate AFTER UPDATE OF Status, StartedAt, ScheduleId ON JobLogs
                WHEN NEW.Status IS NOT OLD.Status OR NEW.StartedAt IS NOT OLD.StartedAt OR NEW.ScheduleId IS NOT OLD.ScheduleId
                BEGIN
                    UPDATE JobOutcomeDays SET "Count" = "Count" - 1
                    WHERE OLD.Status <> 0 AND Day = date(OLD.StartedAt) AND ScheduleId = OLD.ScheduleId AND Status = OLD.Status;
                    DELETE FROM JobOutcomeDays
                    WHERE OLD.Status <> 0 AND Day = date(OLD.StartedAt) AND ScheduleId = OLD.ScheduleId AND Status = OLD.Status AND "Count" <= 0;
                    INSERT INTO JobOutcomeDays (Day, ScheduleId, Status, "Count") SELECT date(NEW.StartedAt), NEW.ScheduleId, NEW.Status, 1 WHERE NEW.Status <> 0
                    ON CONFLICT (Day, Status, ScheduleId) DO UPDATE SET "Count" = "Count" + 1;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER JobLogs_OutcomeDelete AFTER DELETE ON JobLogs
                WHEN OLD.Status <> 0
                BEGIN
                    UPDATE JobOutcomeDays SET "Count" = "Count" - 1
                    WHERE Day = date(OLD.StartedAt) AND ScheduleId = OLD.ScheduleId AND Status = OLD.Status;
                    DELETE FROM JobOutcomeDays
                    WHERE Day = date(OLD.StartedAt) AND ScheduleId = OLD.ScheduleId AND Status = OLD.Status AND "Count" <= 0;
                END;
                """);
            migrationBuilder.Sql("""
                INSERT INTO JobOutcomeDays (Day, ScheduleId, Status, "Count")
                SELECT date(StartedAt), ScheduleId, Status, COUNT(*) FROM JobLogs WHERE Status <> 0 GROUP BY date(StartedAt), ScheduleId, Status;
                """);

            // The users search: an FTS5 trigram index of the four searched columns, whose rowid is the user's row
            // (Users has a GUID key, FTS5 needs an integer one). Columns are stored as SQLite's lower() makes them
            // (ASCII letters only) and matched case-sensitively, so a match is exactly what LIKE finds: ASCII letters
            // in any case, every other character as it is. The username and email are the normalized forms, as the
            // search compares them. UserId lets start-up check that the rowids still line up (a VACUUM may renumber
            // them) and rebuild the index if not.
            migrationBuilder.Sql("CREATE VIRTUAL TABLE UserSearch USING fts5(UserId UNINDEXED, UserName, Email, FullName, Company, tokenize = 'trigram case_sensitive 1');");
            migrationBuilder.Sql("""
                CREATE TRIGGER Users_SearchInsert AFTER INSERT ON Users
                BEGIN
                    INSERT INTO UserSearch (rowid, UserId, UserName, Email, FullName, Company)
                    VALUES (NEW.rowid, NEW.Id, lower(NEW.NormalizedUserName), lower(NEW.NormalizedEmail), lower(NEW.FullName), lower(NEW.Company));
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Users_SearchUpdate AFTER UPDATE OF NormalizedUserName, NormalizedEmail, FullName, Company ON Users
                WHEN NEW.NormalizedUserName IS NOT OLD.NormalizedUserName OR NEW.NormalizedEmail IS NOT OLD.NormalizedEmail
                    OR NEW.FullName IS NOT OLD.FullName OR NEW.Company IS NOT OLD.Company
                BEGIN
                    UPDATE UserSearch SET UserName = lower(NEW.NormalizedUserName), Email = lower(NEW.NormalizedEmail),
                        FullName = lower(NEW.FullName), Company = lower(NEW.Company)
                    WHERE rowid = OLD.rowid;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Users_SearchDelete AFTER DELETE ON Users
                BEGIN
                    DELETE FROM UserSearch WHERE rowid = OLD.rowid;
                END;
                """);
            migrationBuilder.Sql("""
                INSERT INTO UserSearch (rowid, UserId, UserName, Email, FullName, Company)
                SELECT rowid, Id, lower(NormalizedUserName), lower(NormalizedEmail), lower(FullName), lower(Company) FROM Users;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Users_SearchDelete;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Users_SearchUpdate;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Users_SearchInsert;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS UserSearch;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS JobLogs_OutcomeDelete;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS JobLogs_OutcomeUpdate;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS JobLogs_OutcomeInsert;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS \"JobOutcomeDays\";");
        }
    }
}
