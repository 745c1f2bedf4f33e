using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace UserConsole.Domain.Persistence.PostgreSql.Migrations
{
    /// <summary>The hand-written PostgreSQL SQL (search index, rollup and audit triggers), kept in
    /// <see cref="PostgresSql"/> so that regenerated migrations never have to carry it.</summary>
    public partial class PostgreSQL_HandWrittenSql : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => PostgresSql.Up(migrationBuilder);

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) => PostgresSql.Down(migrationBuilder);
    }
}
