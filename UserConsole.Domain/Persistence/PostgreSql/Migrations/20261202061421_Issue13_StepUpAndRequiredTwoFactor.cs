using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace UserConsole.Domain.Persistence.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class Issue13_StepUpAndRequiredTwoFactor : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "ReauthenticatedAt",
                table: "Sessions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReauthenticatedWith",
                table: "Sessions",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true,
                collation: "C");

            migrationBuilder.AddColumn<bool>(
                name: "RequiresTwoFactor",
                table: "Roles",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ReauthenticatedAt",
                table: "Sessions");

            migrationBuilder.DropColumn(
                name: "ReauthenticatedWith",
                table: "Sessions");

            migrationBuilder.DropColumn(
                name: "RequiresTwoFactor",
                table: "Roles");
        }
    }
}
