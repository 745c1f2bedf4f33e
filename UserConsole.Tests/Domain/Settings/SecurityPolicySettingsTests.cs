using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UserConsole.Domain.Access;
using UserConsole.Domain.Audit;
using UserConsole.Domain.Sessions;
using UserConsole.Domain.Settings;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Domain.Settings;

/// <summary>The Security policy on the Settings page: bounded values with a message at the field, audited before and
/// after, in force for the next operation or session check without a restart, and read by another instance.</summary>
public sealed class SecurityPolicySettingsTests : IAsyncLifetime
{
    private DomainTestContext _context = null!;
    private ActingUser _editor = null!;
    private ActingUser _viewer = null!;

    public async ValueTask InitializeAsync()
    {
        _context = await DomainTestContext.CreateAsync();
        await _context.BootstrapAsync();
        var editors = await _context.CreateRoleAsync("Settings admins", [Permissions.ViewSettingsPage, Permissions.EditSettings]);
        var viewers = await _context.CreateRoleAsync("Settings viewers", [Permissions.ViewSettingsPage]);
        _editor = new ActingUser((await _context.CreateUserAsync("sam", editors)).Id);
        _viewer = new ActingUser((await _context.CreateUserAsync("vic", viewers)).Id);
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();

    private SettingsService Settings => _context.GetScoped<SettingsService>();

    private async Task<SecurityPolicyInput> FormAsync() => (await Settings.GetAsync(_editor)).Value.SecurityPolicy;

    [Fact]
    public async Task ANewInstall_ShowsTheDefaults()
    {
        var form = await FormAsync();

        form.SessionIdleMinutes.ShouldBe(30);
        form.SessionAbsoluteHours.ShouldBe(12);
        form.LockoutMaxFailedAttempts.ShouldBe(5);
        form.LockoutMinutes.ShouldBe(15);
        form.OneTimePasswordHours.ShouldBe(24);
        form.ReauthenticateMinutes.ShouldBe(5);
        form.ConcurrencyStamp.ShouldBeNull();
    }

    [Fact]
    public async Task ASavedIdleLimit_EndsANewSessionAfterIt_WithoutARestart()
    {
        var sessions = _context.GetScoped<SessionService>();
        var before = await sessions.StartAsync(_editor.UserId, "192.0.2.1", "Mozilla/5.0 Chrome/140.0", SessionFactors.None);
        _context.Clock.Advance(TimeSpan.FromMinutes(6));
        (await sessions.CheckRequestAsync(before, _editor.UserId)).ShouldBeNull("30 minutes idle by default");

        var form = await FormAsync();
        form.SessionIdleMinutes = 5;
        (await Settings.SaveSecurityPolicyAsync(_editor, form)).Succeeded.ShouldBeTrue();

        var after = await _context.GetScoped<SessionService>().StartAsync(_editor.UserId, "192.0.2.1", "Mozilla/5.0 Chrome/140.0", SessionFactors.None);
        _context.Clock.Advance(TimeSpan.FromMinutes(6));
        (await _context.GetScoped<SessionService>().CheckRequestAsync(after, _editor.UserId)).ShouldBe(SessionEndReasons.Expired);
        _context.Services.GetRequiredService<ISecurityPolicySource>().Current.SessionIdle.ShouldBe(TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task ASave_IsAuditedWithBeforeAndAfter_AndAnotherInstanceReadsIt()
    {
        var form = await FormAsync();
        form.LockoutMaxFailedAttempts = 8;
        form.OneTimePasswordHours = 48;

        var saved = await Settings.SaveSecurityPolicyAsync(_editor, form);

        saved.Succeeded.ShouldBeTrue();
        await using var db = await _context.DbAsync();
        var entry = await db.AuditEntries.AsNoTracking().OrderBy(e => e.Id).LastAsync();
        entry.Action.ShouldBe("settings.security.update");
        entry.Outcome.ShouldBe(AuditOutcome.Succeeded);
        entry.Changes.ShouldNotBeNull().ShouldContain("LockoutMaxFailedAttempts");
        entry.Changes.ShouldContain("\"5\"");
        entry.Changes.ShouldContain("\"8\"");
        entry.Changes.ShouldContain("OneTimePasswordHours");
        entry.Changes.ShouldNotContain("SessionIdleMinutes", customMessage: "an unchanged field is not a change");

        // Another instance over the same database (its own store) sees the saved policy once it reloads.
        var elsewhere = new SecurityPolicyStore(_context.Contexts, new SecurityPolicyDefaults(SecurityPolicy.Default));
        elsewhere.Current.LockoutMaxFailedAttempts.ShouldBe(5);
        await elsewhere.ReloadAsync(TestContext.Current.CancellationToken);
        elsewhere.Current.LockoutMaxFailedAttempts.ShouldBe(8);
        elsewhere.Current.OneTimePasswordValidity.ShouldBe(TimeSpan.FromHours(48));
    }

    [Theory]
    [InlineData(nameof(SecurityPolicyInput.SessionIdleMinutes), 4, "Enter a whole number from 5 to 480 (minutes).")]
    [InlineData(nameof(SecurityPolicyInput.SessionIdleMinutes), 481, "Enter a whole number from 5 to 480 (minutes).")]
    [InlineData(nameof(SecurityPolicyInput.LockoutMaxFailedAttempts), 0, "Enter a whole number from 3 to 20 (wrong attempts).")]
    [InlineData(nameof(SecurityPolicyInput.OneTimePasswordHours), 169, "Enter a whole number from 1 to 168 (hours).")]
    [InlineData(nameof(SecurityPolicyInput.ReauthenticateMinutes), 0, "Enter a whole number from 1 to 60 (minutes).")]
    [InlineData(nameof(SecurityPolicyInput.SignInPermitLimit), 2, "Enter a whole number from 3 to 1000 (attempts).")]
    public async Task AValueOutOfBounds_IsRefusedAtItsField_AndChangesNothing(string field, int value, string message)
    {
        var form = await FormAsync();
        typeof(SecurityPolicyInput).GetProperty(field)!.SetValue(form, value);

        var saved = await Settings.SaveSecurityPolicyAsync(_editor, form);

        saved.Error.ShouldNotBeNull().Property.ShouldBe(field);
        saved.Error.Message.ShouldBe(message);
        await AssertNothingSavedAsync("validation");
    }

    [Fact]
    public async Task AnAbsoluteLimitShorterThanTheIdleLimit_IsRefused()
    {
        var form = await FormAsync();
        form.SessionIdleMinutes = 120;
        form.SessionAbsoluteHours = 1;

        var saved = await Settings.SaveSecurityPolicyAsync(_editor, form);

        saved.Error.ShouldNotBeNull().Property.ShouldBe(nameof(SecurityPolicyInput.SessionAbsoluteHours));
        saved.Error.Message.ShouldBe("The absolute limit cannot be shorter than the idle limit.");
        await AssertNothingSavedAsync("validation");
    }

    [Fact]
    public async Task WithoutEditSettings_ThePageIsReadOnly_AndACraftedSaveIsRefused()
    {
        var page = (await Settings.GetAsync(_viewer)).Value;
        page.Edit.Allowed.ShouldBeFalse();
        var form = page.SecurityPolicy;
        form.SessionIdleMinutes = 480;

        var saved = await Settings.SaveSecurityPolicyAsync(_viewer, form);

        saved.Error.ShouldNotBeNull().Message.ShouldContain(Permissions.EditSettings);
        await AssertNothingSavedAsync(saved.Error.Code);
        _context.Services.GetRequiredService<ISecurityPolicySource>().Current.SessionIdle.ShouldBe(TimeSpan.FromMinutes(30));
    }

    [Fact]
    public async Task ASaveOverAnotherSessionsSave_IsRefusedAsStale()
    {
        var first = await FormAsync();
        var second = await FormAsync();
        first.LockoutMinutes = 30;
        (await Settings.SaveSecurityPolicyAsync(_editor, first)).Succeeded.ShouldBeTrue();

        second.LockoutMinutes = 60;
        var saved = await Settings.SaveSecurityPolicyAsync(_editor, second);

        saved.Error.ShouldBe(SettingsRules.Stale);
        (await FormAsync()).LockoutMinutes.ShouldBe(30);
    }

    private async Task AssertNothingSavedAsync(string code)
    {
        await using var db = await _context.DbAsync();
        (await db.SecuritySettings.CountAsync()).ShouldBe(0);
        var entry = await db.AuditEntries.AsNoTracking().OrderBy(e => e.Id).LastAsync();
        entry.Action.ShouldBe("settings.security.update");
        entry.Outcome.ShouldBe(AuditOutcome.Refused);
        if (code != "validation")
        {
            entry.ErrorCode.ShouldBe(code);
        }
    }
}
