using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace UserConsole.Domain.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Wave2_SecurityPolicySettings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SecuritySettings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    LockoutMaxFailedAttempts = table.Column<int>(type: "INTEGER", nullable: false),
                    LockoutMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    SessionIdleMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    SessionAbsoluteHours = table.Column<int>(type: "INTEGER", nullable: false),
                    OneTimePasswordHours = table.Column<int>(type: "INTEGER", nullable: false),
                    ReauthenticateMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    SignInPermitLimit = table.Column<int>(type: "INTEGER", nullable: false),
                    SignInPerUserPermitLimit = table.Column<int>(type: "INTEGER", nullable: false),
                    ConcurrencyStamp = table.Column<string>(type: "TEXT", maxLength: 36, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SecuritySettings", x => x.Id);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SecuritySettings");
        }
    }
}
