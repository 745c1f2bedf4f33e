using Microsoft.AspNetCore.Components.Authorization;

namespace UserConsole.App.Components.Users;

/// <summary>"Preview as …": the domain checks and audits it, then this circuit shows the console as the user sees it
/// (the bar on every page leads back here).</summary>
public sealed partial class UserEditPage
{
    [Inject]
    private AuthenticationStateProvider AuthenticationStateProvider { get; set; } = default!;

    private async Task PreviewAsync()
    {
        _busy = true;
        try
        {
            var started = await users.StartPreviewAsync(await session.GetAsync(), _details!.Id);
            if (!started.Succeeded)
            {
                snackbar.Add(started.Error!.Message, Severity.Error);
                return;
            }

            if (AuthenticationStateProvider is CircuitAuthenticationStateProvider circuit && await circuit.BeginPreviewAsync(started.Value))
            {
                navigation.NavigateTo("/");
            }
        }
        finally
        {
            _busy = false;
        }
    }
}
