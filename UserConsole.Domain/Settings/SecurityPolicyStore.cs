namespace UserConsole.Domain.Settings;

/// <summary>The security policy in force, for every operation and request of this instance: the saved Security policy
/// row, or <see cref="SecurityPolicyDefaults"/> before one is saved. Read from memory; loaded at start-up, replaced at
/// once by a save on this instance, and reloaded when the change feed reports a save elsewhere (another instance
/// sharing the database), so a change takes effect without a restart.</summary>
public sealed class SecurityPolicyStore(IDbContextFactory<UserConsoleDbContext> contextFactory, SecurityPolicyDefaults defaults) : ISecurityPolicySource
{
    private volatile SecurityPolicy? _saved;

    public SecurityPolicy Current => _saved ?? defaults.Policy;

    public SecurityPolicy Defaults => defaults.Policy;

    /// <summary>Reads the saved policy (start-up, and after another instance saved one).</summary>
    public async Task ReloadAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.SecuritySettings.AsNoTracking().SingleOrDefaultAsync(s => s.Id == SecuritySettings.SingletonId, cancellationToken);
        _saved = row?.ToInput().ToPolicy();
    }

    /// <summary>The form's values and version: the saved row's, or the defaults' before the first save.</summary>
    internal static async Task<(SecurityPolicyInput Values, SecuritySettings? Row)> ReadAsync(UserConsoleDbContext db, SecurityPolicy defaults, CancellationToken cancellationToken)
    {
        var row = await db.SecuritySettings.SingleOrDefaultAsync(s => s.Id == SecuritySettings.SingletonId, cancellationToken);
        return (row?.ToInput() ?? SecurityPolicyInput.From(defaults, null), row);
    }

    /// <summary>A save on this instance committed: in force from the next operation or request.</summary>
    internal void Saved(SecurityPolicy policy) => _saved = policy;
}
