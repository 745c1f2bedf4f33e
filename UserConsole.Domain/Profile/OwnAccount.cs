using Microsoft.EntityFrameworkCore;
using UserConsole.Domain.Access;
using UserConsole.Domain.Persistence;
using UserConsole.Domain.Users;

namespace UserConsole.Domain.Profile;

/// <summary>The start of an operation on one's own account: a context of its own, the acting user (able to act)
/// and their own row, tracked. Null when the session has ended (user gone, disabled, or still on a generated
/// password).</summary>
internal sealed class OwnAccount : IAsyncDisposable
{
    private OwnAccount(UserConsoleDbContext db, Actor actor, User user)
    {
        Db = db;
        Actor = actor;
        User = user;
    }

    public UserConsoleDbContext Db { get; }

    public Actor Actor { get; }

    public User User { get; }

    public static async Task<OwnAccount?> OpenAsync(IDbContextFactory<UserConsoleDbContext> contextFactory, ActingUser by, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(by);
        var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        try
        {
            var actor = await ActorLoader.LoadAsync(db, by.UserId, cancellationToken);
            if (actor is null)
            {
                await db.DisposeAsync();
                return null;
            }

            return new OwnAccount(db, actor, await db.Users.SingleAsync(u => u.Id == actor.UserId, cancellationToken));
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => Db.DisposeAsync();
}
