using UserConsole.Domain.Access;
using UserConsole.Domain.Audit;
using UserConsole.Domain.Operations;
using UserConsole.Domain.Users;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Domain;

/// <summary>"Preview as …": who may start it, that reads in it are the previewed user's, and that every command in it
/// is refused as read-only — audited as the administrator's, with nothing else changed.</summary>
public sealed class PreviewTests : IAsyncLifetime
{
    private AdminWorld _w = null!;

    public async ValueTask InitializeAsync() => _w = await AdminWorld.CreateAsync();

    public async ValueTask DisposeAsync() => await _w.DisposeAsync();

    private static ActingUser As(User user) => DomainTestContext.As(user);

    [Fact]
    public async Task AnAdministrator_StartsAPreview_ItIsAudited_AndReadsAreThePreviewedUsers()
    {
        var started = await _w.Users.StartPreviewAsync(As(_w.Admin), _w.Viewer.Id);

        started.Succeeded.ShouldBeTrue();
        started.Value.ShouldBe(new ActingUser(_w.Viewer.Id, As(_w.Admin).SessionId, PreviewBy: _w.Admin.Id));
        var audit = (await _w.AuditAsync()).Last();
        audit.Action.ShouldBe("user.preview");
        audit.Outcome.ShouldBe(AuditOutcome.Succeeded);
        audit.ActorUserName.ShouldBe("admin");
        audit.TargetName.ShouldBe("viewer");

        // The viewer holds view_users_page only: the list reads, and it offers none of an administrator's actions.
        var page = (await _w.Users.ListAsync(started.Value, new UserListQuery())).Value;
        page.Items.ShouldNotBeEmpty();
        page.Items.ShouldAllBe(i => !i.Can.Edit.Allowed);
        (await _w.Users.ListAsync(As(_w.Admin), new UserListQuery())).Value.Items.ShouldContain(i => i.Can.Edit.Allowed);
    }

    [Fact]
    public async Task EveryCommandInAPreview_IsRefusedAsReadOnly_AuditedAsTheAdministrators_AndChangesNothing()
    {
        // Even an administrator who just confirmed it is them: the proof does not open commands in a preview.
        var preview = (await _w.Users.StartPreviewAsync(await _w.ProveAsync(_w.Admin), _w.Manager.Id)).Value;
        var before = await _w.AuditAsync();

        // The manager could disable the operator and reset their password; in the preview nobody can.
        var disable = await _w.Users.DisableAsync(preview, _w.OperatorNarrow.Id, await _w.StampOfAsync(_w.OperatorNarrow));
        var reset = await _w.Users.ResetPasswordAsync(preview, _w.OperatorNarrow.Id, await _w.StampOfAsync(_w.OperatorNarrow));
        var create = await _w.Users.CreateAsync(preview, _w.NewOperator("bob"));

        foreach (var error in new[] { disable.Error, reset.Error, create.Error })
        {
            error.ShouldBe(OperationFactory.PreviewReadOnly);
        }

        (await _w.ReloadAsync(_w.OperatorNarrow)).IsEnabled.ShouldBeTrue();
        (await _w.ReloadAsync(_w.OperatorNarrow)).MustChangePassword.ShouldBeFalse();
        var audit = (await _w.AuditAsync()).Skip(before.Count).ToList();
        audit.Count.ShouldBe(3);
        audit.ShouldAllBe(a => a.Outcome == AuditOutcome.Refused && a.ErrorCode == "preview.read_only" && a.ActorUserName == "admin");
    }

    [Fact]
    public async Task APreview_IsRefused_WithoutEditUsers_ForAStrongerUser_ForOneself_AndForADisabledAccount()
    {
        (await _w.Users.StartPreviewAsync(As(_w.Viewer), _w.OperatorWide.Id)).Error!.Code.ShouldBe(AccessRules.PermissionDeniedCode);
        (await _w.Users.StartPreviewAsync(As(_w.Support), _w.Manager.Id)).Error!.Code.ShouldBe("escalation.target");
        (await _w.Users.StartPreviewAsync(As(_w.Admin), _w.Admin.Id)).Error.ShouldBe(UserRules.PreviewSelf);
        (await _w.Users.DisableAsync(await _w.ProveAsync(_w.Admin), _w.Viewer.Id, await _w.StampOfAsync(_w.Viewer))).Succeeded.ShouldBeTrue();
        (await _w.Users.StartPreviewAsync(As(_w.Admin), _w.Viewer.Id)).Error!.Code.ShouldBe("preview.disabled");

        // The Edit page offers it with the same answers.
        (await _w.Users.GetAsync(As(_w.Admin), _w.OperatorWide.Id)).Value.Can.Preview.Allowed.ShouldBeTrue();
        (await _w.Users.GetAsync(As(_w.Admin), _w.Viewer.Id)).Value.Can.Preview.Reason.ShouldBe(UserRules.PreviewDisabled("viewer").Message);
        (await _w.Users.GetAsync(As(_w.Support), _w.Manager.Id)).Value.Can.Preview.Allowed.ShouldBeFalse();
    }

    [Fact]
    public async Task APreviewCannotStartAnother()
    {
        var preview = (await _w.Users.StartPreviewAsync(As(_w.Admin), _w.Manager.Id)).Value;

        (await _w.Users.StartPreviewAsync(preview, _w.OperatorNarrow.Id)).Error.ShouldBe(OperationFactory.PreviewReadOnly);
    }
}
