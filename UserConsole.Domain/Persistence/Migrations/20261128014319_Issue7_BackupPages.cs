using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace UserConsole.Domain.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Issue7_BackupPages : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_JobLogs_ScheduleId_StartedAt",
                table: "JobLogs");

            migrationBuilder.DropIndex(
                name: "IX_JobLogs_StartedAt",
                table: "JobLogs");

            migrationBuilder.DropIndex(
                name: "IX_JobLogs_Status",
                table: "JobLogs");

            migrationBuilder.AlterColumn<string>(
                name: "Name",
                table: "StorageServers",
                type: "TEXT",
                maxLength: 100,
                nullable: false,
                collation: "NOCASE",
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldMaxLength: 100);

            migrationBuilder.AlterColumn<string>(
                name: "Name",
                table: "Schedules",
                type: "TEXT",
                maxLength: 100,
                nullable: false,
                collation: "NOCASE",
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldMaxLength: 100);

            migrationBuilder.AlterColumn<string>(
                name: "Name",
                table: "ProductionServers",
                type: "TEXT",
                maxLength: 100,
                nullable: false,
                collation: "NOCASE",
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldMaxLength: 100);

            migrationBuilder.CreateIndex(
                name: "IX_Schedules_Name",
                table: "Schedules",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_JobLogs_ScheduleId_StartedAt_Status",
                table: "JobLogs",
                columns: new[] { "ScheduleId", "StartedAt", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_JobLogs_ScheduleId_Status_StartedAt",
                table: "JobLogs",
                columns: new[] { "ScheduleId", "Status", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_JobLogs_StartedAt_Status",
                table: "JobLogs",
                columns: new[] { "StartedAt", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_JobLogs_Status_StartedAt",
                table: "JobLogs",
                columns: new[] { "Status", "StartedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Schedules_Name",
                table: "Schedules");

            migrationBuilder.DropIndex(
                name: "IX_JobLogs_ScheduleId_StartedAt_Status",
                table: "JobLogs");

            migrationBuilder.DropIndex(
                name: "IX_JobLogs_ScheduleId_Status_StartedAt",
                table: "JobLogs");

            migrationBuilder.DropIndex(
                name: "IX_JobLogs_StartedAt_Status",
                table: "JobLogs");

            migrationBuilder.DropIndex(
                name: "IX_JobLogs_Status_StartedAt",
                table: "JobLogs");

            migrationBuilder.AlterColumn<string>(
                name: "Name",
                table: "StorageServers",
                type: "TEXT",
                maxLength: 100,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldMaxLength: 100,
                oldCollation: "NOCASE");

            migrationBuilder.AlterColumn<string>(
                name: "Name",
                table: "Schedules",
                type: "TEXT",
                maxLength: 100,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldMaxLength: 100,
                oldCollation: "NOCASE");

            migrationBuilder.AlterColumn<string>(
                name: "Name",
                table: "ProductionServers",
                type: "TEXT",
                maxLength: 100,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldMaxLength: 100,
                oldCollation: "NOCASE");

            migrationBuilder.CreateIndex(
                name: "IX_JobLogs_ScheduleId_StartedAt",
                table: "JobLogs",
                columns: new[] { "ScheduleId", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_JobLogs_StartedAt",
                table: "JobLogs",
                column: "StartedAt");

            migrationBuilder.CreateIndex(
                name: "IX_JobLogs_Status",
                table: "JobLogs",
                column: "Status");
        }
    }
}
