namespace UserConsole.App.Components.Users;

/// <summary>The grid's one row menu: built for the row whose button was clicked and dropped when it closes, so that
/// a page of rows holds plain buttons instead of a closed MudMenu (and its popover) each.</summary>
public sealed partial class UserList
{
    private static readonly MarkupString MoreVertIcon = new(Icons.Material.Filled.MoreVert);

    private Guid? _menuFor;

    private void OpenRowMenu(Guid userId) => _menuFor = userId;

    private void OnRowMenuOpenChanged(bool open)
    {
        if (!open)
        {
            _menuFor = null;
        }
    }
}
