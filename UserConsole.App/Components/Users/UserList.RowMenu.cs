namespace UserConsole.App.Components.Users;

/// <summary>The grid's one row menu (and one column options menu): built for the row whose button was clicked and dropped when it closes, so that
/// a page of rows holds plain buttons instead of a closed MudMenu (and its popover) each.</summary>
public sealed partial class UserList
{
    private Guid? _menuFor;

    /// <summary>The column whose options menu is open (built then, dropped when it closes).</summary>
    private UserSortField? _optionsFor;

    private void OnColumnOptionsOpenChanged(bool open)
    {
        if (!open)
        {
            _optionsFor = null;
        }
    }

    private void OpenRowMenu(Guid userId) => _menuFor = userId;

    private void OnRowMenuOpenChanged(bool open)
    {
        if (!open)
        {
            _menuFor = null;
        }
    }
}
