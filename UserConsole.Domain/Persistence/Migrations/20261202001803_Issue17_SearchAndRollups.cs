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
            // the chart reads day ranges from it without a lookup per row.
            migrationBuilder.Sql("""
                CREATE TABLE "JobOutcomeDays" (
                    "Day" TEXT NOT NULL,
                    "ScheduleId" INTEGER NOT NULL,
                    "Status" INTEGER NOT NULL,
                    "Count" INTEGER NOT NULL,
                    CONSTRAINT "PK_JobOutcomeDays" PRIMARY KEY ("Day", "ScheduleId", "Status"),
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
                    ON CONFLICT (Day, ScheduleId, Status) DO UPDATE SET "Count" = "Count" + 1;
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
                    ON CONFLICT (Day, ScheduleId, Status) DO UPDATE SET "Count" = "Count" + 1;
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

            // The users search: an FTS5 trigram index of the four searched columns (the normalized username and
            // email, as the search compares them). FTS5 needs an integer key and Users has a GUID one, so
            // UserSearchKeys gives each user a stable integer (the index's rowid).
            migrationBuilder.Sql("""CREATE TABLE UserSearchKeys (Id INTEGER NOT NULL PRIMARY KEY, UserId TEXT NOT NULL UNIQUE);""");
            migrationBuilder.Sql("""CREATE VIRTUAL TABLE UserSearch USING fts5(UserName, Email, FullName, Company, tokenize = 'trigram');""");
            migrationBuilder.Sql("""
                CREATE TRIGGER Users_SearchInsert AFTER INSERT ON Users
                BEGIN
                    INSERT INTO UserSearchKeys (UserId) VALUES (NEW.Id);
                    INSERT INTO UserSearch (rowid, UserName, Email, FullName, Company)
                    VALUES ((SELECT Id FROM UserSearchKeys WHERE UserId = NEW.Id), NEW.NormalizedUserName, NEW.NormalizedEmail, NEW.FullName, NEW.Company);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Users_SearchUpdate AFTER UPDATE OF NormalizedUserName, NormalizedEmail, FullName, Company ON Users
                WHEN NEW.NormalizedUserName IS NOT OLD.NormalizedUserName OR NEW.NormalizedEmail IS NOT OLD.NormalizedEmail
                    OR NEW.FullName IS NOT OLD.FullName OR NEW.Company IS NOT OLD.Company
                BEGIN
                    UPDATE UserSearch SET UserName = NEW.NormalizedUserName, Email = NEW.NormalizedEmail, FullName = NEW.FullName, Company = NEW.Company
                    WHERE rowid = (SELECT Id FROM UserSearchKeys WHERE UserId = OLD.Id);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Users_SearchDelete AFTER DELETE ON Users
                BEGIN
                    DELETE FROM UserSearch WHERE rowid = (SELECT Id FROM UserSearchKeys WHERE UserId = OLD.Id);
                    DELETE FROM UserSearchKeys WHERE UserId = OLD.Id;
                END;
                """);
            migrationBuilder.Sql("""
                INSERT INTO UserSearchKeys (UserId) SELECT Id FROM Users ORDER BY Id;
                INSERT INTO UserSearch (rowid, UserName, Email, FullName, Company)
                SELECT k.Id, u.NormalizedUserName, u.NormalizedEmail, u.FullName, u.Company FROM Users u JOIN UserSearchKeys k ON k.UserId = u.Id;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Users_SearchDelete;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Users_SearchUpdate;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Users_SearchInsert;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS UserSearch;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS UserSearchKeys;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS JobLogs_OutcomeDelete;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS JobLogs_OutcomeUpdate;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS JobLogs_OutcomeInsert;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS \"JobOutcomeDays\";");
        }
    }
}
