using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using UserConsole.App.Components.Account;
using UserConsole.Domain.Profile;

namespace UserConsole.Tests.Components.Account;

public sealed class SessionRenewalTicketsTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly SessionRenewalTickets _tickets;

    public SessionRenewalTicketsTests() => _tickets = new SessionRenewalTickets(new EphemeralDataProtectionProvider(), _clock);

    private string Issue(Guid? userId = null) => _tickets.Issue(userId ?? Guid.NewGuid(), "new-stamp", "old-stamp", "1790000000", "/profile");

    [Fact]
    public void Redeem_WithinTheMinute_ReturnsTheTicketOnce()
    {
        var userId = Guid.NewGuid();
        var ticket = Issue(userId);
        _clock.Advance(TimeSpan.FromSeconds(59));

        var first = _tickets.Redeem(ticket);
        var second = _tickets.Redeem(ticket);

        first.ShouldNotBeNull();
        (first.UserId, first.NewSecurityStamp, first.PreviousSecurityStamp, first.ReturnUrl).ShouldBe((userId, "new-stamp", "old-stamp", "/profile"));
        second.ShouldBeNull();
    }

    [Fact]
    public void Redeem_AfterTheMinute_ReturnsNothing()
    {
        var ticket = Issue();
        _clock.Advance(SessionRenewalTickets.Lifetime);

        _tickets.Redeem(ticket).ShouldBeNull();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not a ticket")]
    public void Redeem_WithSomethingElse_ReturnsNothing(string? value) => _tickets.Redeem(value).ShouldBeNull();

    [Fact]
    public void Redeem_WithATicketOfAnotherKeyRing_ReturnsNothing()
    {
        var foreign = new SessionRenewalTickets(new EphemeralDataProtectionProvider(), _clock).Issue(Guid.NewGuid(), "a", "b", null, "/profile");

        _tickets.Redeem(foreign).ShouldBeNull();
    }

    [Fact]
    public void Issue_WithAnAddressOutsideTheApp_ReturnsHome()
    {
        var ticket = _tickets.Issue(Guid.NewGuid(), "a", "b", null, "https://evil.example/");

        _tickets.Redeem(ticket)!.ReturnUrl.ShouldBe("/");
    }

    [Fact]
    public async Task CreateAddressAsync_ForTheSignedInUsersOwnChange_PointsToTheEndpoint()
    {
        var userId = Guid.NewGuid();
        var renewal = new SessionRenewal(new SignedIn(userId, "old-stamp"), _tickets, Options.Create(new IdentityOptions()));

        var address = await renewal.CreateAddressAsync(new CredentialChange(userId, "new-stamp"), "/profile");

        address.ShouldNotBeNull();
        address.ShouldStartWith("/Account/RefreshSignIn?ticket=");
        var ticket = _tickets.Redeem(Uri.UnescapeDataString(address["/Account/RefreshSignIn?ticket=".Length..]))!;
        (ticket.UserId, ticket.NewSecurityStamp, ticket.PreviousSecurityStamp).ShouldBe((userId, "new-stamp", "old-stamp"));
    }

    [Fact]
    public async Task CreateAddressAsync_ForAnotherUsersChange_ReturnsNothing()
    {
        var renewal = new SessionRenewal(new SignedIn(Guid.NewGuid(), "old-stamp"), _tickets, Options.Create(new IdentityOptions()));

        var address = await renewal.CreateAddressAsync(new CredentialChange(Guid.NewGuid(), "new-stamp"), "/profile");

        address.ShouldBeNull();
    }

    private sealed class SignedIn(Guid userId, string stamp) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() =>
            Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, userId.ToString()),
                new Claim(new IdentityOptions().ClaimsIdentity.SecurityStampClaimType, stamp),
            ], "test"))));
    }
}
