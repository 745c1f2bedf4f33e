using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using MudBlazor;
using MudBlazor.Services;
using UserConsole.App.Security;

namespace UserConsole.Tests.Components;

/// <summary>bUnit with what UserConsole's components expect around them: MudBlazor's services and popover
/// provider (<see cref="MudProviders"/>), loose JS interop (MudBlazor calls JS that bUnit need not answer), and a signed-in user whose
/// permissions are the app's <c>uc:permission</c> claims (and the policies named by them, as the app's
/// policy provider makes them).</summary>
public class UserConsoleTestContext : BunitContext
{
    private readonly BunitAuthorizationContext _authorization;

    public UserConsoleTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        RenderTree.Add<MudProviders>();
        _authorization = AddAuthorization();
    }

    /// <summary>Signs in <paramref name="userName"/> (id <paramref name="userId"/>) holding <paramref name="permissions"/>.</summary>
    public void SignIn(Guid userId, string userName, params string[] permissions) => SignIn(userId, userName, permissions, []);

    /// <summary>As <see cref="SignIn(Guid, string, string[])"/>, with more claims of the session cookie (for example
    /// Identity's security stamp claim).</summary>
    public void SignIn(Guid userId, string userName, IReadOnlyCollection<string> permissions, IEnumerable<Claim> otherClaims)
    {
        ArgumentNullException.ThrowIfNull(permissions);
        ArgumentNullException.ThrowIfNull(otherClaims);
        _authorization.SetAuthorized(userName);
        _authorization.SetClaims(
        [
            new Claim(ClaimTypes.NameIdentifier, userId.ToString()),
            .. permissions.Select(p => new Claim(UserConsoleClaims.Permission, p)),
            .. otherClaims,
        ]);
        _authorization.SetPolicies([.. permissions]);
    }
}

/// <summary>MudBlazor's popover provider beside the component under test (the provider has no ChildContent, so it
/// cannot be a root of bUnit's render tree itself). Popovers, menus and selects render their content there.</summary>
public sealed class MudProviders : ComponentBase
{
    [Parameter]
    public RenderFragment? ChildContent { get; set; }

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.OpenComponent<MudPopoverProvider>(0);
        builder.CloseComponent();
        builder.AddContent(1, ChildContent);
    }
}
