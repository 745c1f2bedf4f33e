using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace UserConsole.Domain.Persistence.PostgreSql.Migrations
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
                    Id = table.Column<int>(type: "integer", nullable: false),
                    LockoutMaxFailedAttempts = table.Column<int>(type: "integer", nullable: false),
                    LockoutMinutes = table.Column<int>(type: "integer", nullable: false),
                    SessionIdleMinutes = table.Column<int>(type: "integer", nullable: false),
                    SessionAbsoluteHours = table.Column<int>(type: "integer", nullable: false),
                    OneTimePasswordHours = table.Column<int>(type: "integer", nullable: false),
                    ReauthenticateMinutes = table.Column<int>(type: "integer", nullable: false),
                    SignInPermitLimit = table.Column<int>(type: "integer", nullable: false),
                    SignInPerUserPermitLimit = table.Column<int>(type: "integer", nullable: false),
                    ConcurrencyStamp = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C")
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
