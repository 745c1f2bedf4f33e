namespace UserConsole.Domain.Operations;

/// <summary>The start of every read: a context of its own, and the actor if they may act and hold the page
/// permission; else the refusal (the session ended, or the permission named). Reads change nothing and are not
/// audited. A database server that cannot be reached is the refusal <see cref="DatabaseErrors.Unreachable"/>, not an
/// exception, so an open page survives a database restart and shows why it has nothing new.</summary>
public static class Reads
{
    /// <summary>Runs <paramref name="read"/> for the actor, or returns the refusal.</summary>
    public static Task<Result<T>> ReadAsync<T>(
        this IDbContextFactory<UserConsoleDbContext> contexts, ActingUser by, string permission, Func<UserConsoleDbContext, Actor, Task<T>> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        return contexts.ReadOrRefuseAsync<T>(by, permission, async (db, actor) => (Result<T>)await read(db, actor), cancellationToken);
    }

    /// <summary>As <see cref="ReadAsync{T}"/> for a read that may itself refuse (a target gone or out of scope).</summary>
    public static async Task<Result<T>> ReadOrRefuseAsync<T>(
        this IDbContextFactory<UserConsoleDbContext> contexts, ActingUser by, string permission, Func<UserConsoleDbContext, Actor, Task<Result<T>>> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        ArgumentNullException.ThrowIfNull(read);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var access = await ActorLoader.RequireAsync(db, by, permission, cancellationToken);
            return access.Succeeded ? await read(db, access.Value) : access.Error!;
        }
        catch (Exception e) when (DatabaseErrors.UnreachableRefusal(e) is { } unreachable)
        {
            return unreachable;
        }
    }
}
