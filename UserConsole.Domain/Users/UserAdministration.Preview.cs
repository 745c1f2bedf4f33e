namespace UserConsole.Domain.Users;

public sealed partial class UserAdministration
{
    /// <summary>"Preview as …": an administrator who may manage the user (edit_users, no stronger user, not oneself,
    /// an enabled account with its own password) begins seeing the console through that user's role and scope. The
    /// start is audited. Returns who to read as: the previewed user, with the administrator as
    /// <see cref="ActingUser.PreviewBy"/>, so that every command in the preview is refused as read-only.</summary>
    public async Task<Result<ActingUser>> StartPreviewAsync(ActingUser by, Guid userId, CancellationToken cancellationToken = default)
    {
        await using var op = await operations.BeginAsync(by, Spec("user.preview", Permissions.EditUsers),
            new AuditTarget(userId.ToString(), null, db => UserNameOfAsync(db, userId)), cancellationToken);
        if (op.Refusal is { } ended)
        {
            return ended;
        }

        var user = await LoadTrackedAsync(op.Db, userId, cancellationToken);
        op.About(userId, user?.UserName);
        if (await op.RefuseIfAsync(user is null
            ? UserRules.UserNotFound
            : UserRules.MayPreview(op.Actor, UserRules.Target.Of(user), user.IsEnabled, user.MustChangePassword)) is { } refused)
        {
            return refused;
        }

        return await op.CommitAsync(new ChangeSet().Add("Preview", null, "started")) is { } failed
            ? failed
            : new ActingUser(userId, by.SessionId, by.SignInSessionId, PreviewBy: op.Actor.UserId);
    }
}
