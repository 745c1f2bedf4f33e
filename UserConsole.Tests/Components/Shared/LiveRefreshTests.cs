using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using UserConsole.App.Components.Account;
using UserConsole.App.Components.Activity;
using UserConsole.App.Components.Profile;
using UserConsole.App.Components.Roles;
using UserConsole.App.Components.Users;
using UserConsole.App.Security;
using UserConsole.Domain.Access;

namespace UserConsole.Tests.Components.Shared;

/// <summary>The pages that listen to the live feed subscribe before their first load and unsubscribe with the
/// page: one closed while it is still loading leaves no subscription on the (application-wide) feed.</summary>
public sealed class LiveRefreshTests : UserConsoleTestContext
{
    private readonly HeldAuthenticationState _signIn = new();

    public static TheoryData<string> Pages => [nameof(UserEditPage), nameof(UserList), nameof(RolesSection), nameof(ProfilePage), nameof(ActivityPage)];

    protected override void AddServices()
    {
        // Every page's first load starts with the acting user, so holding the sign-in state holds the load.
        Services.AddScoped(_ => new SessionUser(_signIn));
        Services.AddSingleton(new SessionRenewalTickets(new EphemeralDataProtectionProvider(), Domain.Clock));
        Services.AddSingleton(Options.Create(new IdentityOptions()));
        Services.AddScoped<SessionRenewal>();
        Services.AddSingleton(new RecoveryCodeHandoff(Domain.Clock));
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Dispose_WhileTheFirstLoadIsPending_LeavesNoSubscriptionOnTheFeed(string page)
    {
        var admin = await Domain.BootstrapAsync();
        SignIn(admin, Permissions.AllKeys);
        RenderMudProviders();

        Render(builder =>
        {
            builder.OpenComponent(0, PageType(page));
            if (page == nameof(UserEditPage))
            {
                builder.AddAttribute(1, nameof(UserEditPage.UserId), admin.Id);
            }

            builder.CloseComponent();
        });
        _signIn.Requested.Task.IsCompleted.ShouldBeTrue("the page's first load should be waiting for the acting user");
        Feed.SubscriberCount.ShouldBe(1, "the page listens while it is still loading");

        await DisposeComponentsAsync();
        _signIn.Release(await Services.GetRequiredService<AuthenticationStateProvider>().GetAuthenticationStateAsync());

        // The load now runs to its end on the disposed page; it must not subscribe then.
        for (var i = 0; i < 20; i++)
        {
            await Task.Delay(50, Xunit.TestContext.Current.CancellationToken);
            Feed.SubscriberCount.ShouldBe(0);
        }
    }

    private static Type PageType(string page) => page switch
    {
        nameof(UserEditPage) => typeof(UserEditPage),
        nameof(UserList) => typeof(UserList),
        nameof(RolesSection) => typeof(RolesSection),
        nameof(ProfilePage) => typeof(ProfilePage),
        nameof(ActivityPage) => typeof(ActivityPage),
        _ => throw new ArgumentOutOfRangeException(nameof(page), page, null),
    };

    /// <summary>Answers "who is signed in" only when the test releases it.</summary>
    private sealed class HeldAuthenticationState : AuthenticationStateProvider
    {
        private readonly TaskCompletionSource<AuthenticationState> _state = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Requested { get; } = new();

        public override Task<AuthenticationState> GetAuthenticationStateAsync()
        {
            Requested.TrySetResult();
            return _state.Task;
        }

        public void Release(AuthenticationState signedIn) => _state.TrySetResult(signedIn);
    }
}
