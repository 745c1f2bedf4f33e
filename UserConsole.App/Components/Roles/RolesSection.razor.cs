using UserConsole.App.Components.Shared;
using UserConsole.Domain.Roles;

namespace UserConsole.App.Components.Roles;

/// <summary>Lists the roles and opens the permissions matrix to create, edit or view one; deletes after a
/// confirmation. Refusals are shown as <see cref="RoleAdministration"/> words them.</summary>
public sealed partial class RolesSection(RoleAdministration roles, SessionUser session, IDialogService dialogs, ISnackbar snackbar)
{
    private static readonly DialogOptions MatrixOptions = DiscardGuard.Options(MaxWidth.ExtraLarge);

    private IReadOnlyList<RoleListItem> _roles = [];
    private Capability _create = Capability.Unknown;
    private bool _loading = true;
    private string? _loadError;

    /// <summary>Raised by a role's user count link: show the users holding that role.</summary>
    [Parameter]
    public EventCallback<Guid> OnShowUsersOfRole { get; set; }

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        _loading = true;
        var result = await roles.ListAsync(await session.GetAsync());
        _loading = false;
        if (result.Succeeded)
        {
            _roles = result.Value;
            _create = result.Value.Create;
            _loadError = null;
        }
        else
        {
            _loadError = result.Error!.Message;
        }
    }

    private Task CreateAsync() => ShowMatrixAsync(null, "created");

    private Task OpenAsync(RoleListItem role) => ShowMatrixAsync(role.Id, "saved");

    private async Task ShowMatrixAsync(Guid? roleId, string done)
    {
        var parameters = new DialogParameters<RoleDialog> { { d => d.RoleId, roleId } };
        var dialog = await dialogs.ShowAsync<RoleDialog>(roleId is null ? "Create user role" : "Role", parameters, MatrixOptions);
        var result = await dialog.Result;
        if (result is { Canceled: false, Data: string name })
        {
            snackbar.Add($"Role '{name}' {done}", Severity.Success);
            await LoadAsync();
        }
    }

    /// <summary>Asks the service first whether the role can go (in use, built-in, no permission): a refusal is shown
    /// at once rather than after a pointless confirmation. The delete itself checks everything again.</summary>
    private async Task DeleteAsync(RoleListItem role)
    {
        var by = await session.GetAsync();
        var details = await roles.GetAsync(by, role.Id);
        if (!details.Succeeded || !details.Value.Delete.Allowed)
        {
            snackbar.Add((details.Succeeded ? details.Value.Delete.Reason : details.Error!.Message) ?? "This role cannot be deleted.", Severity.Error);
            await LoadAsync();
            return;
        }

        var confirmed = await dialogs.ShowMessageBoxAsync(
            $"Delete role '{role.Name}'?",
            "Nobody holds this role. Deleting it cannot be undone.",
            yesText: "Delete",
            cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        var deleted = await roles.DeleteAsync(by, role.Id, details.Value.ConcurrencyStamp);
        if (deleted.Succeeded)
        {
            snackbar.Add($"Role '{role.Name}' deleted", Severity.Success);
        }
        else
        {
            snackbar.Add(deleted.Error!.Message, Severity.Error);
        }

        await LoadAsync();
    }

    private static string UsersText(int count) => count == 1 ? "1 user" : $"{count} users";
}
