using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using UserConsole.Domain.Persistence;

namespace UserConsole.App.Hosting;

/// <summary>/health is unhealthy when the database cannot be written (a read-only file: every save would fail while
/// pages still read), degraded while another writer holds it.</summary>
internal sealed class DatabaseWritableCheck(IDbContextFactory<UserConsoleDbContext> contexts) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var refusal = await DatabaseHealth.CheckWritableAsync(db, cancellationToken);
        return refusal is null ? HealthCheckResult.Healthy("The database takes writes.")
            : refusal == DatabaseErrors.Busy ? HealthCheckResult.Degraded(refusal.Message)
            : HealthCheckResult.Unhealthy(refusal.Message);
    }
}
