using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using UserConsole.Domain.Access;
using UserConsole.Domain.Audit;
using UserConsole.Domain.Changes;
using UserConsole.Domain.Users;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Domain.Users;

public sealed class UserAdministrationTests : IAsyncLifetime
{
    private AdminWorld _w = null!;

    public async ValueTask InitializeAsync() => _w = await AdminWorld.CreateAsync();

    public async ValueTask DisposeAsync() => await _w.DisposeAsync();

    private static ActingUser As(User user) => DomainTestContext.As(user);

    [Fact]
    public async Task CreateAsync_WithValidInput_StoresTheUserAndReturnsAOneTimePasswordOnce()
    {
        var result = await _w.Users.CreateAsync(As(_w.Manager), _w.NewOperator());

        result.Succeeded.ShouldBeTrue(result.Error?.Message);
        var created = result.Value;
        created.OneTimePassword.Length.ShouldBeGreaterThanOrEqualTo(16);
        created.OneTimePassword.ShouldAllBe(c => PasswordGenerator.Alphabet.Contains(c));
        var user = await _w.ReloadAsync(new User("x", "x@x", Guid.Empty, DateTime.UnixEpoch).WithId(created.UserId));
        user.UserName.ShouldBe("alice");
        user.FullName.ShouldBe("Alice Liddell");
        user.MustChangePassword.ShouldBeTrue();
        user.IsEnabled.ShouldBeTrue();
        user.ProductionServerScope.ShouldBe(ScopeMode.Chosen);
        user.ProductionServers.Select(s => s.ProductionServerId).ShouldBe([_w.Server1.Id]);
        user.StorageServers.Select(s => s.StorageServerId).ShouldBe([_w.Storage1.Id]);
        _w.Context.GetScoped<IPasswordHasher<User>>().VerifyHashedPassword(user, user.PasswordHash!, created.OneTimePassword)
            .ShouldBe(PasswordVerificationResult.Success);
        user.PasswordHash!.ShouldNotContain(created.OneTimePassword);
        _w.Context.Changes.Published.ShouldContain(c => c.Kind == ChangeKind.User && c.EntityId == created.UserId.ToString() && c.Action == ChangeAction.Created);
    }

    [Fact]
    public async Task CreateAsync_WithEmptyServerLists_GivesAccessToAllIncludingLaterServers()
    {
        var input = _w.NewOperator();
        input.ProductionServerIds = [];
        input.StorageServerIds = [];

        var created = (await _w.Users.CreateAsync(As(_w.Admin), input)).Value;
        var later = await _w.Context.CreateServerAsync("added-later");

        await using var db = await _w.Context.DbAsync();
        var access = await ActorLoader.LoadAccessAsync(db, created.UserId);
        access!.Scope.ProductionServers.IsAll.ShouldBeTrue();
        access.Scope.ProductionServers.Allows(later.Id).ShouldBeTrue();
    }

    [Fact]
    public async Task CreateAsync_AuditEntry_RecordsActorAndFields_ButNeverThePassword()
    {
        var created = (await _w.Users.CreateAsync(As(_w.Manager), _w.NewOperator())).Value;

        var entry = (await _w.AuditAsync())[^1];
        entry.Action.ShouldBe("user.create");
        entry.ActorUserName.ShouldBe("manager");
        entry.ActorFullName.ShouldBe("Mia Manager");
        entry.ActorCompany.ShouldBe("Acme");
        entry.TargetName.ShouldBe("alice");
        var fields = ChangeSet.Parse(entry.Changes);
        fields["Email"].After.ShouldBe("alice@example.test");
        fields["Role"].After.ShouldBe(AdminWorld.OperatorRoleName);
        fields["ProductionServers"].After.ShouldBe("web-01");
        var user = await _w.ReloadAsync(new User("x", "x@x", Guid.Empty, DateTime.UnixEpoch).WithId(created.UserId));
        foreach (var audit in await _w.AuditAsync())
        {
            (audit.Changes ?? "").ShouldNotContain(created.OneTimePassword);
            (audit.Changes ?? "").ShouldNotContain(user.PasswordHash!);
        }
    }

    [Fact]
    public async Task OneTimePasswords_NeverReachTheLogs()
    {
        var created = (await _w.Users.CreateAsync(As(_w.Manager), _w.NewOperator())).Value;
        var reset = (await _w.Users.ResetPasswordAsync(await _w.ProveAsync(_w.Support), created.UserId, await StampAsync(created.UserId))).Value;

        _w.Context.Logs.Lines.Count.ShouldBeGreaterThan(0, "the capture must see the SQL the operations ran");
        _w.Context.Logs.Lines.ShouldNotContain(l => l.Contains(created.OneTimePassword, StringComparison.Ordinal));
        _w.Context.Logs.Lines.ShouldNotContain(l => l.Contains(reset.Password, StringComparison.Ordinal));
        created.ToString().ShouldNotContain(created.OneTimePassword);
        reset.ToString().ShouldNotContain(reset.Password);
    }

    [Fact]
    public async Task UpdateAsync_ChangingOnlyDetails_KeepsTheSessionButChangesTheConcurrencyStamp()
    {
        var before = await _w.ReloadAsync(_w.OperatorNarrow);
        var input = await _w.EditOfAsync(_w.OperatorNarrow);
        input.FullName = "Olga Operator";
        input.Email = "olga@example.test";

        (await _w.Users.UpdateAsync(As(_w.Manager), input)).Succeeded.ShouldBeTrue();

        var after = await _w.ReloadAsync(_w.OperatorNarrow);
        after.FullName.ShouldBe("Olga Operator");
        after.NormalizedEmail.ShouldBe("OLGA@EXAMPLE.TEST");
        after.SecurityStamp.ShouldBe(before.SecurityStamp);
        after.ConcurrencyStamp.ShouldNotBe(before.ConcurrencyStamp);
        var fields = ChangeSet.Parse((await _w.AuditAsync())[^1].Changes);
        fields.Keys.Order().ShouldBe(["Email", "FullName"]);
        fields["FullName"].Before.ShouldBeNull();
        fields["FullName"].After.ShouldBe("Olga Operator");
        _w.Context.Changes.Published[^1].Action.ShouldBe(ChangeAction.Updated);
    }

    [Theory]
    [InlineData("role")]
    [InlineData("scope")]
    public async Task UpdateAsync_ChangingRoleOrScope_RotatesTheSecurityStamp(string what)
    {
        var before = await _w.ReloadAsync(_w.OperatorNarrow);
        var input = await _w.EditOfAsync(_w.OperatorNarrow);
        if (what == "role")
        {
            input.RoleId = _w.ViewerRole.Id;
        }
        else
        {
            input.ProductionServerIds = [_w.Server1.Id, _w.Server2.Id];
        }

        (await _w.Users.UpdateAsync(As(_w.Manager), input)).Succeeded.ShouldBeTrue();

        (await _w.ReloadAsync(_w.OperatorNarrow)).SecurityStamp.ShouldNotBe(before.SecurityStamp);
        _w.Context.Changes.Published[^1].Action.ShouldBe(ChangeAction.AccessChanged);
    }

    [Fact]
    public async Task UpdateAsync_TwoEditorsSaveTheSameVersionAtOnce_ExactlyOneSucceeds()
    {
        var first = await _w.EditOfAsync(_w.OperatorNarrow);
        var second = await _w.EditOfAsync(_w.OperatorNarrow);
        first.FullName = "First editor";
        second.FullName = "Second editor";

        var results = await Task.WhenAll(
            Task.Run(() => _w.Users.UpdateAsync(As(_w.Manager), first)),
            Task.Run(() => _w.Users.UpdateAsync(As(_w.Admin), second)));

        results.Count(r => r.Succeeded).ShouldBe(1);
        results.Single(r => !r.Succeeded).Error!.Message.ShouldBe("This user was changed by someone else. Reload to see the changes.");
        var stored = (await _w.ReloadAsync(_w.OperatorNarrow)).FullName;
        stored.ShouldBe(results[0].Succeeded ? "First editor" : "Second editor");
    }

    [Fact]
    public async Task SaveChanges_TwoContextsLoadTheSameUserAndBothSave_TheSecondIsRefusedByTheConcurrencyToken()
    {
        await using var db1 = await _w.Context.DbAsync();
        await using var db2 = await _w.Context.DbAsync();
        var copy1 = await db1.Users.SingleAsync(u => u.Id == _w.Viewer.Id);
        var copy2 = await db2.Users.SingleAsync(u => u.Id == _w.Viewer.Id);
        copy1.SetDetails("One", null);
        copy1.Touch();
        copy2.SetDetails("Two", null);
        copy2.Touch();

        await db1.SaveChangesAsync();

        await Should.ThrowAsync<DbUpdateConcurrencyException>(() => db2.SaveChangesAsync());
        (await _w.ReloadAsync(_w.Viewer)).FullName.ShouldBe("One");
    }

    [Theory]
    [InlineData("Op-Narrow", "user.username_taken", "Username 'Op-Narrow' is already taken")]
    [InlineData("OP-NARROW", "user.username_taken", "Username 'OP-NARROW' is already taken")]
    public async Task CreateAsync_UserNameDifferingOnlyInCase_IsRefused(string userName, string code, string message)
    {
        var input = _w.NewOperator(userName);
        input.Email = "different@example.test";

        var error = (await _w.Users.CreateAsync(As(_w.Admin), input)).Error!;

        error.Code.ShouldBe(code);
        error.Message.ShouldBe(message);
        error.Property.ShouldBe("UserName");
    }

    [Fact]
    public async Task CreateAsync_EmailDifferingOnlyInCase_IsRefused()
    {
        var input = _w.NewOperator("newbie");
        input.Email = " Viewer@EXAMPLE.test ";

        var error = (await _w.Users.CreateAsync(As(_w.Admin), input)).Error!;

        error.Code.ShouldBe("user.email_taken");
        error.Property.ShouldBe("Email");
        error.Message.ShouldBe("Email 'Viewer@EXAMPLE.test' is already used by another user");
    }

    [Theory]
    [InlineData("viewer@example.test")] // another user's email: '@' is never part of a username
    [InlineData("\u0430lice")] // Cyrillic а
    [InlineData("ａｌｉｃｅ")] // full-width letters
    [InlineData("alice\u200b")] // zero-width space
    [InlineData("ALİCE")] // dotted capital I
    public async Task CreateAsync_LookAlikeOrEmailUserName_IsRefusedAtTheUserNameField(string userName)
    {
        var input = _w.NewOperator();
        input.UserName = userName;

        var error = (await _w.Users.CreateAsync(As(_w.Admin), input)).Error!;

        error.Code.ShouldBe(UserConsole.Domain.Validation.Code);
        error.Property.ShouldBe("UserName");
    }

    [Fact]
    public async Task GetAsync_FirstAdminSeenByAnotherAdmin_ExplainsWhatCannotBeDone()
    {
        var details = (await _w.Users.GetAsync(As(_w.Admin2), _w.Admin.Id)).Value;

        details.IsFirstAdmin.ShouldBeTrue();
        details.Can.Edit.Allowed.ShouldBeTrue();
        details.Can.ChangeRole.ShouldBe(new Capability(false, "The first admin's role cannot be changed."));
        details.Can.ChangeScope.Allowed.ShouldBeFalse();
        details.Can.Disable.ShouldBe(new Capability(false, "The first admin cannot be disabled."));
        details.Can.Delete.ShouldBe(new Capability(false, "The first admin cannot be deleted."));
        details.Can.ResetPassword.ShouldBe(new Capability(false, UserRules.FirstAdminResetPassword.Message));
        details.Can.DisableTwoFactor.ShouldBe(new Capability(false, UserRules.FirstAdminDisableTwoFactor.Message));
        details.Can.Rename.ShouldBe(new Capability(false, "Only the first admin changes their own username or email."));
        details.ProductionServerScope.ShouldBe(ScopeMode.All);
    }

    [Fact]
    public async Task GetAsync_OwnAccount_CannotBeDisabledOrDeleted()
    {
        var details = (await _w.Users.GetAsync(As(_w.Manager), _w.Manager.Id)).Value;

        details.Can.Disable.Reason.ShouldBe("You cannot disable your own account.");
        details.Can.Delete.Reason.ShouldBe("You cannot delete your own account.");
        details.Can.ChangeRole.Reason.ShouldBe("You cannot change your own role.");
    }

    [Fact]
    public async Task GetFormOptionsAsync_OffersOnlyAssignableRolesAndServersInTheActorsScope()
    {
        var options = (await _w.Users.GetFormOptionsAsync(As(_w.Manager))).Value;

        options.AssignableRoles.Select(r => r.Name).ShouldBe(["Manager", "Operator", "Support", "Viewer"], ignoreOrder: true);
        options.ProductionServers.Select(s => s.Name).ShouldBe(["db-01", "web-01"]);
        options.StorageServers.Select(s => s.Name).ShouldBe(["nas-01"]);
    }

    [Fact]
    public async Task ChosenScope_WhenEveryChosenServerIsDeleted_GrantsNoneNotAll()
    {
        await using (var db = await _w.Context.DbAsync())
        {
            db.ProductionServers.Remove(await db.ProductionServers.SingleAsync(s => s.Id == _w.Server1.Id));
            await db.SaveChangesAsync();
        }

        await using var check = await _w.Context.DbAsync();
        var access = await ActorLoader.LoadAccessAsync(check, _w.OperatorNarrow.Id);
        access!.Scope.ProductionServers.IsAll.ShouldBeFalse();
        access.Scope.ProductionServers.Ids.ShouldBeEmpty();
        access.Scope.ProductionServers.Allows(_w.Server2.Id).ShouldBeFalse();
        var listed = (await _w.Users.ListAsync(As(_w.Admin), new UserListQuery { Search = "op-narrow" })).Value.Items.Single();
        listed.ProductionServers.ShouldBe(new ScopeSummary(false, []), new ScopeSummaryComparer());
    }

    private async Task<string> StampAsync(Guid userId)
    {
        await using var db = await _w.Context.DbAsync();
        return await db.Users.Where(u => u.Id == userId).Select(u => u.ConcurrencyStamp!).SingleAsync();
    }

    private sealed class ScopeSummaryComparer : IEqualityComparer<ScopeSummary>
    {
        public bool Equals(ScopeSummary? x, ScopeSummary? y) => x!.All == y!.All && x.Names.SequenceEqual(y.Names);

        public int GetHashCode(ScopeSummary obj) => obj.All.GetHashCode();
    }
}

internal static class UserTestExtensions
{
    /// <summary>A placeholder carrying only an id, for <see cref="AdminWorld.ReloadAsync"/>.</summary>
    public static User WithId(this User user, Guid id)
    {
        user.Id = id;
        return user;
    }
}
