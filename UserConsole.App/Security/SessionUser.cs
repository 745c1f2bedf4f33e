using Microsoft.AspNetCore.Components.Authorization;

namespace UserConsole.App.Security;

/// <summary>The signed-in user of this circuit, as domain operations want it: an id and this session's id (in a
/// preview, the previewed user's id and the administrator's as <see cref="ActingUser.PreviewBy"/>). The domain loads
/// everything else (permissions, scope, state) from the database per operation.</summary>
public sealed class SessionUser(AuthenticationStateProvider authenticationStateProvider)
{
    /// <summary>Identifies this circuit, so that it can tell its own changes from other sessions'.</summary>
    public string SessionId { get; } = Guid.NewGuid().ToString("N");

    public async Task<ActingUser> GetAsync()
    {
        var state = await authenticationStateProvider.GetAuthenticationStateAsync();
        var userId = state.User.GetUserId() ?? Guid.Empty;

        // Previewing another user's view: reads as that user, every command refused by the domain as read-only.
        return state.User.GetPreview() is { } preview
            ? new ActingUser(preview.Id, SessionId, state.User.GetSessionId(), PreviewBy: userId)
            : new ActingUser(userId, SessionId, state.User.GetSessionId());
    }
}
