using AngleSharp.Dom;
using Bunit;
using MudBlazor;
using UserConsole.App.Components.Users;
using UserConsole.Domain.Access;
using UserConsole.Domain.Roles;
using UserConsole.Domain.Users;

namespace UserConsole.Tests.Components.Users;

public sealed class UserListTests : UserConsoleTestContext
{
    private User _admin = null!;
    private Role _viewer = null!;
    private User _aViewer = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _admin = await Domain.BootstrapAsync();
        _viewer = await Domain.CreateRoleAsync("Viewer", Permissions.ViewUsersPage);
        for (var i = 1; i <= 29; i++)
        {
            var user = await Domain.CreateUserAsync($"user{i:00}", _viewer, fullName: $"Person {i:00}", company: i % 2 == 0 ? "Globex" : "Acme", enabled: i != 7);
            _aViewer = i == 2 ? user : _aViewer;
        }
    }

    /// <summary>As the first admin, or, given the viewer's permissions, as one of the viewers: what the list offers
    /// comes from the domain, which reads the signed-in user's role from the database.</summary>
    private IRenderedComponent<UserList> RenderList(params string[] permissions)
    {
        permissions.ShouldBeSubsetOf(_viewer.PermissionKeys);
        SignIn(permissions.Length == 0 ? _admin : _aViewer, permissions.Length == 0 ? Permissions.AllKeys : permissions);
        RenderMudProviders();
        return Render<UserList>();
    }

    private static List<string> UserNames(IRenderedComponent<UserList> list) =>
        list.FindAll("tbody tr td:first-child a").Select(a => a.TextContent.Trim()).ToList();

    [Fact]
    public void Grid_FirstPage_ShowsTwentyFiveUsersFromTheService()
    {
        var list = RenderList();

        list.WaitForAssertion(() => UserNames(list).Count.ShouldBe(25), TimeSpan.FromSeconds(5));
        UserNames(list)[0].ShouldBe("admin");
        list.Markup.ShouldContain("1-25 of 30");
        list.Markup.ShouldContain("First admin");
    }

    [Fact]
    public void Grid_NextPage_ShowsTheRemainingUsers()
    {
        var list = RenderList();
        list.WaitForAssertion(() => UserNames(list).Count.ShouldBe(25), TimeSpan.FromSeconds(5));

        list.Find("button[aria-label='Next page']").Click();

        list.WaitForAssertion(() => UserNames(list).ShouldBe(["user25", "user26", "user27", "user28", "user29"]), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Search_TypedText_IsSentToTheServiceAndNarrowsTheRows()
    {
        var list = RenderList();
        list.WaitForAssertion(() => UserNames(list).Count.ShouldBe(25), TimeSpan.FromSeconds(5));

        list.Find("input[placeholder='Username, email, name or company']").Input("person 1");

        list.WaitForAssertion(() => UserNames(list).ShouldBe(["user10", "user11", "user12", "user13", "user14", "user15", "user16", "user17", "user18", "user19"]), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Search_WithNoMatch_SaysSo()
    {
        var list = RenderList();
        list.WaitForAssertion(() => UserNames(list).Count.ShouldBe(25), TimeSpan.FromSeconds(5));

        list.Find("input[placeholder='Username, email, name or company']").Input("xyz");

        list.WaitForAssertion(() => list.Find("table").TextContent.ShouldContain("No users match 'xyz'"), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Sort_ClickingFullNameTwice_SortsDescendingInTheDatabase()
    {
        var list = RenderList();
        list.WaitForAssertion(() => UserNames(list).Count.ShouldBe(25), TimeSpan.FromSeconds(5));

        SortButton(list, "Full name").Click();
        list.WaitForAssertion(() => UserNames(list)[0].ShouldBe("admin"), TimeSpan.FromSeconds(5));
        SortButton(list, "Full name").Click();

        list.WaitForAssertion(() => UserNames(list).Take(3).ShouldBe(["user29", "user28", "user27"]), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void CreateUser_WithoutThePermission_IsDisabledWithTheReason()
    {
        var list = RenderList(Permissions.ViewUsersPage);

        var button = list.FindAll("button").Single(b => b.TextContent.Trim() == "Create user");

        button.HasAttribute("disabled").ShouldBeTrue();
        list.Markup.ShouldContain("You need the create_additional_users permission");
    }

    [Fact]
    public void CreateUser_WithThePermission_IsEnabled()
    {
        var list = RenderList();

        list.FindAll("button").Single(b => b.TextContent.Trim() == "Create user").HasAttribute("disabled").ShouldBeFalse();
    }

    [Fact]
    public void RowMenu_WithoutEditOrDeletePermission_IsNotOffered()
    {
        var list = RenderList(Permissions.ViewUsersPage);
        list.WaitForAssertion(() => UserNames(list).Count.ShouldBe(25), TimeSpan.FromSeconds(5));

        list.FindAll("button[aria-label^='Actions for']").ShouldBeEmpty();
    }

    [Fact]
    public async Task RowMenu_OfAHelpdeskActor_OffersOnlyWhatTheDomainAllows_ForAStrongerAndAWeakerUser()
    {
        var helpdesk = await Domain.CreateUserAsync("helpdesk", await Domain.CreateRoleAsync("Helpdesk", Permissions.ViewUsersPage, Permissions.EditUsers));
        SignIn(helpdesk, [Permissions.ViewUsersPage, Permissions.EditUsers]);
        RenderMudProviders();
        var list = Render<UserList>();
        list.WaitForAssertion(() => UserNames(list).Count.ShouldBe(25), TimeSpan.FromSeconds(5));

        // The first admin holds more than the helpdesk: the page can be viewed, not edited; delete_users is not theirs.
        list.Find("button[aria-label='Actions for admin']").Click();
        Popovers.WaitForAssertion(() => MenuItems().ShouldBe(["View"]));

        // A viewer holds less: editing is offered.
        list.Find("button[aria-label='Actions for user03']").Click();
        Popovers.WaitForAssertion(() => MenuItems().ShouldContain("Edit"));
        MenuItems().ShouldNotContain("Delete");
    }

    [Fact]
    public void StatusFilter_ChoosingDisabled_ListsOnlyTheDisabledUser_AndTheSelectIsPlainMarkupAgain()
    {
        var list = RenderList();
        list.WaitForAssertion(() => UserNames(list).Count.ShouldBe(25), TimeSpan.FromSeconds(5));
        list.FindComponents<MudSelect<bool?>>().ShouldBeEmpty(); // closed: markup only

        list.Find("input[aria-label='Filter by status']").Closest(".mud-input-control")!.MouseDown();
        Popovers.WaitForAssertion(() => Choices().ShouldBe(["All statuses", "Enabled", "Disabled"]));
        Popovers.FindAll(".mud-popover-open .mud-list-item").Single(i => i.TextContent.Trim() == "Disabled").Click();

        list.WaitForAssertion(() => UserNames(list).ShouldBe(["user07"]), TimeSpan.FromSeconds(5));
        list.WaitForAssertion(() => list.FindComponents<MudSelect<bool?>>().ShouldBeEmpty(), TimeSpan.FromSeconds(5));
        list.Find("input[aria-label='Filter by status']").GetAttribute("value").ShouldBe("Disabled");
        list.Markup.ShouldContain("1-1 of 1");
    }

    [Fact]
    public void RowsPerPage_Choosing50_ShowsAllThirtyUsersOnOnePage()
    {
        var list = RenderList();
        list.WaitForAssertion(() => UserNames(list).Count.ShouldBe(25), TimeSpan.FromSeconds(5));

        list.Find(".mud-table-pagination-select").MouseDown();
        Popovers.WaitForAssertion(() => Choices().ShouldBe(["25", "50", "100"]));
        Popovers.FindAll(".mud-popover-open .mud-list-item").Single(i => i.TextContent.Trim() == "50").Click();

        list.WaitForAssertion(() => UserNames(list).Count.ShouldBe(30), TimeSpan.FromSeconds(5));
        list.Markup.ShouldContain("1-30 of 30");
        list.Find("button[aria-label='Next page']").HasAttribute("disabled").ShouldBeTrue();
    }

    [Fact]
    public void PlainMarkup_UsesMudBlazorsOwnIcons()
    {
        var list = RenderList();
        list.WaitForAssertion(() => UserNames(list).Count.ShouldBe(25), TimeSpan.FromSeconds(5));

        // the grid writes the icons out (one static block each); they must stay MudBlazor's
        Svg(list.Find("button[aria-label='Actions for admin'] svg")).ShouldBe(Svg(Icons.Material.Filled.MoreVert));
        Svg(list.FindAll("button[aria-label='Column options'] svg")[0]).ShouldBe(Svg(Icons.Material.Filled.MoreVert));
        Svg(list.FindAll("button[aria-label='Sort'] svg")[0]).ShouldBe(Svg(Icons.Material.Filled.ArrowUpward));
        Svg(list.FindAll("button").Single(b => b.TextContent.Trim() == "Create user").QuerySelector("svg")!).ShouldBe(Svg(Icons.Material.Filled.PersonAdd));
        Svg(list.FindAll(".mud-table-pagination-select svg")[0]).ShouldBe(Svg(Icons.Material.Filled.ArrowDropDown));
    }

    [Fact]
    public void UsersPage_HeadingAndReviewAccessLink_AreMudBlazorsMarkup()
    {
        SignIn(_admin, Permissions.AllKeys);
        RenderMudProviders();
        var page = Render<UsersPage>();

        page.Find("h1").TextContent.ShouldBe("Users");
        var review = page.FindAll("a").Single(a => a.TextContent.Trim() == "Review access");
        review.GetAttribute("href").ShouldBe("/users/review");
        Svg(review.QuerySelector("svg")!).ShouldBe(Svg(Icons.Material.Filled.FactCheck));
    }

    private static string Svg(IElement svg) => Svg(svg.InnerHtml);

    private static string Svg(string markup) => new AngleSharp.Html.Parser.HtmlParser().ParseFragment($"<svg>{markup}</svg>", null!)
        .OfType<IElement>().Single().InnerHtml.Replace(" ", "", StringComparison.Ordinal);

    private List<string> Choices() =>
        Popovers.FindAll(".mud-popover-open .mud-list-item").Select(i => i.TextContent.Trim()).ToList();

    private List<string> MenuItems() =>
        Popovers.FindAll(".mud-popover-open .mud-menu-item").Select(i => i.TextContent.Trim()).ToList();

    private static IElement SortButton(IRenderedComponent<UserList> list, string title) =>
        list.FindAll("th").Single(th => th.TextContent.Contains(title, StringComparison.Ordinal)).QuerySelector(".sortable-column-header, .mud-sort-button, button")
            ?? list.FindAll("th").Single(th => th.TextContent.Contains(title, StringComparison.Ordinal));
}
