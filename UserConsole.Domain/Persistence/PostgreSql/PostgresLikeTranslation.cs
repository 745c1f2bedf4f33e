using System.Reflection;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;
using Microsoft.Extensions.DependencyInjection;

namespace UserConsole.Domain.Persistence;

/// <summary><c>EF.Functions.Like</c> on PostgreSQL as SQLite means it: ASCII letters in any case, every other
/// character exactly (SQLite's LIKE), by comparing both sides through <c>uc_ascii_lower</c>. PostgreSQL's own LIKE is
/// case-sensitive, so without this the same search would find fewer rows on PostgreSQL.</summary>
internal sealed class PostgresLikeTranslation : IDbContextOptionsExtension
{
    private ExtensionInfo? _info;

    public DbContextOptionsExtensionInfo Info => _info ??= new ExtensionInfo(this);

    public void ApplyServices(IServiceCollection services) =>
        new EntityFrameworkRelationalServicesBuilder(services).TryAdd<IMethodCallTranslatorPlugin, Plugin>();

    public void Validate(IDbContextOptions options)
    {
    }

    private sealed class Plugin(ISqlExpressionFactory sql) : IMethodCallTranslatorPlugin
    {
        public IEnumerable<IMethodCallTranslator> Translators { get; } = [new Translator(sql)];
    }

    private sealed class Translator(ISqlExpressionFactory sql) : IMethodCallTranslator
    {
        public SqlExpression? Translate(SqlExpression? instance, MethodInfo method, IReadOnlyList<SqlExpression> arguments, IDiagnosticsLogger<DbLoggerCategory.Query> logger)
        {
            if (method.DeclaringType != typeof(DbFunctionsExtensions) || method.Name != nameof(DbFunctionsExtensions.Like))
            {
                return null;
            }

            // arguments[0] is the DbFunctions instance.
            var escape = arguments.Count > 3 ? arguments[3] : null;
            return sql.Like(Lower(arguments[1]), Lower(arguments[2]), escape);
        }

        private SqlExpression Lower(SqlExpression value) =>
            sql.Function(PostgresSql.AsciiLowerFunction, [value], nullable: true, argumentsPropagateNullability: [true], typeof(string), value.TypeMapping);
    }

    private sealed class ExtensionInfo(IDbContextOptionsExtension extension) : DbContextOptionsExtensionInfo(extension)
    {
        public override bool IsDatabaseProvider => false;

        public override string LogFragment => "using SQLite's LIKE ";

        public override int GetServiceProviderHashCode() => 0;

        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) => other is ExtensionInfo;

        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo) => debugInfo["UserConsole:PostgresLike"] = "1";
    }
}
