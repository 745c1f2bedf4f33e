using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace UserConsole.Domain.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Issue13_AccountTakeover : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "OneTimePasswordIssuedAt",
                table: "Users",
                type: "TEXT",
                nullable: true);

            // Generated passwords issued before their issue time was kept get the full validity from the upgrade.
            migrationBuilder.Sql("UPDATE Users SET OneTimePasswordIssuedAt = strftime('%Y-%m-%d %H:%M:%S', 'now') WHERE MustChangePassword = 1;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "OneTimePasswordIssuedAt",
                table: "Users");
        }
    }
}
