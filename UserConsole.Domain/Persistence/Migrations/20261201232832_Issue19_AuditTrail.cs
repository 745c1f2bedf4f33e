using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace UserConsole.Domain.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Issue19_AuditTrail : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Hash",
                table: "AuditEntries",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PreviousHash",
                table: "AuditEntries",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AuditChecks",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    CheckedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Intact = table.Column<bool>(type: "INTEGER", nullable: false),
                    EntryCount = table.Column<long>(type: "INTEGER", nullable: false),
                    BrokenEntryId = table.Column<long>(type: "INTEGER", nullable: true),
                    Message = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditChecks", x => x.Id);
                });

            // Append-only audit trail. Retention deletes the oldest entries only while a permit row in its own
            // transaction covers them; nothing else may delete. An entry written before the hash chain may get its
            // hashes once (start-up chains them), and nothing of an entry may change after that. New entries must
            // arrive chained (the DbContext seals them).
            migrationBuilder.Sql("CREATE TABLE AuditPrunePermits (Id INTEGER NOT NULL PRIMARY KEY, UpToId INTEGER NOT NULL);");
            migrationBuilder.Sql("""
                CREATE TRIGGER AuditEntries_AppendOnlyUpdate BEFORE UPDATE ON AuditEntries
                WHEN OLD.Hash IS NOT NULL OR OLD.PreviousHash IS NOT NULL
                    OR NEW.Id IS NOT OLD.Id OR NEW.At IS NOT OLD.At OR NEW.ActorId IS NOT OLD.ActorId
                    OR NEW.ActorUserName IS NOT OLD.ActorUserName OR NEW.ActorFullName IS NOT OLD.ActorFullName
                    OR NEW.ActorCompany IS NOT OLD.ActorCompany OR NEW.Action IS NOT OLD.Action OR NEW.TargetType IS NOT OLD.TargetType
                    OR NEW.TargetId IS NOT OLD.TargetId OR NEW.TargetName IS NOT OLD.TargetName OR NEW.Changes IS NOT OLD.Changes
                    OR NEW.Outcome IS NOT OLD.Outcome OR NEW.ErrorCode IS NOT OLD.ErrorCode
                BEGIN
                    SELECT RAISE(ABORT, 'The audit trail is append-only: an audit entry cannot be changed.');
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER AuditEntries_AppendOnlyDelete BEFORE DELETE ON AuditEntries
                WHEN NOT EXISTS (SELECT 1 FROM AuditPrunePermits WHERE OLD.Id <= UpToId)
                BEGIN
                    SELECT RAISE(ABORT, 'The audit trail is append-only: an audit entry cannot be deleted (only retention removes the oldest days).');
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER AuditEntries_ChainedInsert BEFORE INSERT ON AuditEntries
                WHEN NEW.Hash IS NULL OR NEW.PreviousHash IS NULL
                BEGIN
                    SELECT RAISE(ABORT, 'An audit entry must be written hash-chained.');
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS AuditEntries_ChainedInsert;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS AuditEntries_AppendOnlyDelete;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS AuditEntries_AppendOnlyUpdate;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS AuditPrunePermits;");

            migrationBuilder.DropTable(
                name: "AuditChecks");

            migrationBuilder.DropColumn(
                name: "Hash",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "PreviousHash",
                table: "AuditEntries");
        }
    }
}
