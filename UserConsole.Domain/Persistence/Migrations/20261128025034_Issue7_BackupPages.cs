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

            // Names are unique regardless of case: the unique indexes on Name use NOCASE (EF Core cannot express an
            // index column's collation, so the model declares plain unique indexes of the same names).
            migrationBuilder.DropIndex(
                name: "IX_ProductionServers_Name",
                table: "ProductionServers");

            migrationBuilder.DropIndex(
                name: "IX_StorageServers_Name",
                table: "StorageServers");

            migrationBuilder.Sql("CREATE UNIQUE INDEX \"IX_ProductionServers_Name\" ON \"ProductionServers\" (\"Name\" COLLATE NOCASE);");
            migrationBuilder.Sql("CREATE UNIQUE INDEX \"IX_StorageServers_Name\" ON \"StorageServers\" (\"Name\" COLLATE NOCASE);");
            migrationBuilder.Sql("CREATE UNIQUE INDEX \"IX_Schedules_Name\" ON \"Schedules\" (\"Name\" COLLATE NOCASE);");

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
                name: "IX_ProductionServers_Name",
                table: "ProductionServers");

            migrationBuilder.DropIndex(
                name: "IX_StorageServers_Name",
                table: "StorageServers");

            migrationBuilder.CreateIndex(
                name: "IX_ProductionServers_Name",
                table: "ProductionServers",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StorageServers_Name",
                table: "StorageServers",
                column: "Name",
                unique: true);

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
