using Microsoft.EntityFrameworkCore;
using UserConsole.Domain.Access;
using UserConsole.Domain.Audit;
using UserConsole.Domain.Changes;
using UserConsole.Domain.Profile;
using UserConsole.Domain.Users;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Domain;

/// <summary>Reading the own profile, its details and its notification settings.</summary>
public sealed class ProfileServiceTests : ProfileTestBase
{
    [Fact]
    public async Task GetAsync_ForRestrictedUser_ShowsRoleAndTheNamesOfTheirServers()
    {
        var web = await _ctx.CreateServerAsync("Web");
        await _ctx.CreateServerAsync("Mail");
        var bob = await _ctx.CreateUserAsync("bob", _operators,
            new AccessScope(ResourceScope.Chosen([web.Id]), ResourceScope.Everything));

        var view = (await Service.GetAsync(DomainTestContext.As(bob), Ct)).Value;

        view.UserName.ShouldBe("bob");
        view.RoleName.ShouldBe("Operators");
        view.CanChooseNotifications.ShouldBeTrue();
        view.ProductionServers.All.ShouldBeFalse();
        view.ProductionServers.Names.ShouldBe(["Web"]);
        view.StorageServers.All.ShouldBeTrue();
        view.TwoFactorEnabled.ShouldBeFalse();
    }

    [Fact]
    public async Task GetAsync_ForDisabledUser_IsRefusedAsSessionEnded()
    {
        var gone = await _ctx.CreateUserAsync("gone", _operators, enabled: false);

        var result = await Service.GetAsync(DomainTestContext.As(gone), Ct);

        result.Error.ShouldBe(ActorLoader.SessionEnded);
    }

    [Fact]
    public async Task UpdateDetailsAsync_WithNewValues_SavesThemTrimmedAuditsAndPublishes()
    {
        var input = await DetailsOfAsync(_alice);
        input.FullName = "  Alice B. Archer ";
        input.Company = "   ";
        input.Email = " Alice.Archer@Example.test ";

        var result = await Service.UpdateDetailsAsync(new ActingUser(_alice.Id, "s1"), input, Ct);

        result.Succeeded.ShouldBeTrue();
        var after = await LoadAsync(_alice.Id);
        (after.FullName, after.Company, after.Email).ShouldBe(("Alice B. Archer", null, "Alice.Archer@Example.test"));
        after.NormalizedEmail.ShouldBe("ALICE.ARCHER@EXAMPLE.TEST");
        result.Value.ShouldBe(after.ConcurrencyStamp);
        _ctx.Changes.Published.ShouldContain(new DomainChange(ChangeKind.User, _alice.Id.ToString(), ChangeAction.Updated, "s1"));
        await using var db = await _ctx.DbAsync();
        var audit = await db.AuditEntries.SingleAsync(a => a.Action == "profile.update_details", Ct);
        var changes = ChangeSet.Parse(audit.Changes);
        changes["Email"].ShouldBe(new FieldChange("alice@example.test", "Alice.Archer@Example.test"));
        changes["Company"].ShouldBe(new FieldChange("Acme", null));
    }

    [Fact]
    public async Task UpdateDetailsAsync_WithAnotherUsersEmailInOtherCase_IsRefusedAtTheEmail()
    {
        await _ctx.CreateUserAsync("bob", _operators, email: "bob@example.test");
        var input = await DetailsOfAsync(_alice);
        input.Email = "BOB@Example.TEST";
        var snapshot = await _ctx.SnapshotWithoutAuditAsync();

        var result = await Service.UpdateDetailsAsync(DomainTestContext.As(_alice), input, Ct);

        result.Error.ShouldBe(ProfileRules.EmailTaken);
        result.Error!.Property.ShouldBe("Email");
        (await _ctx.SnapshotWithoutAuditAsync()).ShouldBe(snapshot);
        await using var db = await _ctx.DbAsync();
        (await db.AuditEntries.SingleAsync(a => a.Action == "profile.update_details", Ct)).Outcome.ShouldBe(AuditOutcome.Refused);
    }

    [Fact]
    public async Task UpdateDetailsAsync_WithOwnEmailInOtherCase_IsSaved()
    {
        var input = await DetailsOfAsync(_alice);
        input.Email = "ALICE@example.test";

        var result = await Service.UpdateDetailsAsync(DomainTestContext.As(_alice), input, Ct);

        result.Succeeded.ShouldBeTrue();
        (await LoadAsync(_alice.Id)).Email.ShouldBe("ALICE@example.test");
    }

    [Fact]
    public async Task UpdateDetailsAsync_WithAStaleConcurrencyStamp_IsRefusedAndChangesNothing()
    {
        var input = await DetailsOfAsync(_alice);
        var other = await DetailsOfAsync(_alice);
        other.Company = "Changed elsewhere";
        (await Service.UpdateDetailsAsync(DomainTestContext.As(_alice), other, Ct)).Succeeded.ShouldBeTrue();
        input.FullName = "Mine";
        var snapshot = await _ctx.SnapshotWithoutAuditAsync();

        var result = await Service.UpdateDetailsAsync(DomainTestContext.As(_alice), input, Ct);

        result.Error.ShouldBe(ProfileRules.Stale);
        (await _ctx.SnapshotWithoutAuditAsync()).ShouldBe(snapshot);
    }

    [Theory]
    [InlineData("Email", "not-an-email")]
    [InlineData("Email", "")]
    [InlineData("Email", "two words@example.test")]
    [InlineData("FullName", "Line\nbreak")]
    [InlineData("Company", "This company name is much longer than one hundred characters, which is the most a company name may have here")]
    public async Task UpdateDetailsAsync_WithInvalidValue_IsRefusedAtItsField(string property, string value)
    {
        var input = await DetailsOfAsync(_alice);
        typeof(AccountDetailsInput).GetProperty(property)!.SetValue(input, value);
        var snapshot = await _ctx.SnapshotWithoutAuditAsync();

        var result = await Service.UpdateDetailsAsync(DomainTestContext.As(_alice), input, Ct);

        result.Error!.Property.ShouldBe(property);
        (await _ctx.SnapshotWithoutAuditAsync()).ShouldBe(snapshot);
    }

    [Fact]
    public async Task UpdateDetailsAsync_WithoutChanges_WritesNothing()
    {
        var input = await DetailsOfAsync(_alice);
        var snapshot = await _ctx.SnapshotWithoutAuditAsync();

        var result = await Service.UpdateDetailsAsync(DomainTestContext.As(_alice), input, Ct);

        result.Value.ShouldBe(input.ConcurrencyStamp);
        (await _ctx.SnapshotWithoutAuditAsync()).ShouldBe(snapshot);
    }

    [Fact]
    public async Task UpdateNotificationsAsync_WithThePermission_SavesTheChoices()
    {
        var settings = new NotificationSettings
        {
            BackupErrors = true,
            ConnectionErrors = true,
            RunningTimeAlerts = RunningTimeAlerts.Hours24 | RunningTimeAlerts.Hours96,
        };

        var result = await Service.UpdateNotificationsAsync(DomainTestContext.As(_alice), settings, (await LoadAsync(_alice.Id)).ConcurrencyStamp!, Ct);

        result.Succeeded.ShouldBeTrue();
        (await LoadAsync(_alice.Id)).Notifications.ShouldBe(settings);
        await using var db = await _ctx.DbAsync();
        var changes = ChangeSet.Parse((await db.AuditEntries.SingleAsync(a => a.Action == "profile.update_notifications", Ct)).Changes);
        changes["RunningTimeAlerts"].ShouldBe(new FieldChange("", "24 h, 96 h"));
    }

    [Fact]
    public async Task UpdateNotificationsAsync_WithoutThePermission_IsRefusedNamingIt()
    {
        var viewers = await _ctx.CreateRoleAsync("Viewers", Permissions.ViewMonitorPage);
        var bob = await _ctx.CreateUserAsync("bob", viewers);
        var snapshot = await _ctx.SnapshotWithoutAuditAsync();

        var result = await Service.UpdateNotificationsAsync(DomainTestContext.As(bob), new NotificationSettings { BackupErrors = true }, bob.ConcurrencyStamp!, Ct);

        result.Error.ShouldBe(AccessRules.PermissionDenied(Permissions.EmailNotifications));
        result.Error!.Message.ShouldContain("email_notifications");
        (await _ctx.SnapshotWithoutAuditAsync()).ShouldBe(snapshot);
    }

    [Fact]
    public async Task UpdateNotificationsAsync_WithAnUnknownThreshold_IsRefused()
    {
        var result = await Service.UpdateNotificationsAsync(DomainTestContext.As(_alice), new NotificationSettings { RunningTimeAlerts = (RunningTimeAlerts)128 }, _alice.ConcurrencyStamp!, Ct);

        result.Error.ShouldBe(ProfileRules.UnknownAlertThreshold);
    }

    [Fact]
    public async Task UpdateNotificationsAsync_OverAnOlderVersionOfTheProfile_IsRefused()
    {
        var loaded = (await LoadAsync(_alice.Id)).ConcurrencyStamp!;
        var other = await DetailsOfAsync(_alice);
        other.Company = "Changed elsewhere";
        (await Service.UpdateDetailsAsync(DomainTestContext.As(_alice), other, Ct)).Succeeded.ShouldBeTrue();
        var snapshot = await _ctx.SnapshotWithoutAuditAsync();

        var result = await Service.UpdateNotificationsAsync(DomainTestContext.As(_alice), new NotificationSettings { BackupErrors = true }, loaded, Ct);

        result.Error.ShouldBe(ProfileRules.Stale);
        (await _ctx.SnapshotWithoutAuditAsync()).ShouldBe(snapshot);
    }
}
