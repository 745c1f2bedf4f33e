using Microsoft.AspNetCore.Components.Authorization;

namespace UserConsole.App.Security;

/// <summary>The signed-in user of this circuit, as domain operations want it: an id and this session's id.
/// The domain loads everything else (permissions, scope, state) from the database per operation.</summary>
public sealed class SessionUser(AuthenticationStateProvider authenticationStateProvider)
{
    /// <summary>Identifies this circuit, so that it can tell its own changes from other sessions'.</summary>
    public string SessionId { get; } = Guid.NewGuid().ToString("N");

    public async Task<ActingUser> GetAsync()
    {
        var state = await authenticationStateProvider.GetAuthenticationStateAsync();
        return new ActingUser(state.User.GetUserId() ?? Guid.Empty, SessionId, state.User.GetSessionId());
    }
}
