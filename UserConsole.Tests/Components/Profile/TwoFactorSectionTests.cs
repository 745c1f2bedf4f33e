using Bunit;
using UserConsole.App.Components.Forms;
using UserConsole.App.Components.Profile;
using UserConsole.Domain.Profile;

namespace UserConsole.Tests.Components.Profile;

public sealed class TwoFactorSectionTests : UserConsoleTestContext
{
    private IRenderedComponent<TwoFactorSection> Render(bool enabled, TwoFactorEnrollment? enrollment, FormFeedback? feedback = null) =>
        Render<TwoFactorSection>(p => p
            .Add(s => s.Enabled, enabled)
            .Add(s => s.Enrollment, enrollment)
            .Add(s => s.CodeInput, new TwoFactorCodeInput())
            .Add(s => s.DisableInput, new DisableTwoFactorInput())
            .Add(s => s.Feedback, feedback ?? FormFeedback.None));

    /// <summary>The value of the read-only field labelled "Setup key".</summary>
    private static string? SetupKey(IRenderedComponent<TwoFactorSection> section)
    {
        var label = section.FindAll("label").Single(l => l.TextContent.Trim() == "Setup key");
        return section.Find($"#{label.GetAttribute("for")}").GetAttribute("value");
    }

    [Fact]
    public void Render_DuringSetup_ShowsTheQrCodeAndTheSecretInGroupsOfFour()
    {
        var secret = AuthenticatorCodes.NewSecret();
        var enrollment = new TwoFactorEnrollment(secret, AuthenticatorCodes.AuthenticatorUri(secret, "alice"));

        var section = Render(enabled: false, enrollment);

        var qr = section.Find("[role=img][aria-label='QR code for your authenticator app']");
        qr.QuerySelector("svg").ShouldNotBeNull();
        qr.QuerySelectorAll("svg path, svg rect").Length.ShouldBeGreaterThan(0);
        var key = SetupKey(section);
        key.ShouldBe(string.Join(' ', Enumerable.Range(0, 8).Select(i => secret.Substring(i * 4, 4))));
        section.FindAll("label").Select(l => l.TextContent.Trim()).ShouldBe(["Setup key", "Verification code"]);
        section.FindAll("button").Select(b => b.TextContent.Trim()).ShouldContain("Verify and turn on");
    }

    [Fact]
    public void Render_WhenOffWithoutSetup_OffersToEnableAndShowsNoSecret()
    {
        var section = Render(enabled: false, enrollment: null);

        section.FindAll("button").Select(b => b.TextContent.Trim()).ShouldContain("Enable Two-Factor Authentication");
        section.FindAll(".qr-code").ShouldBeEmpty();
        section.FindAll("label").ShouldBeEmpty();
    }

    [Fact]
    public void DisableButton_WhenOn_AsksForTheCurrentPassword()
    {
        var section = Render(enabled: true, enrollment: null);

        section.FindAll("button").Single(b => b.TextContent.Trim() == "Disable 2FA").Click();

        section.Find("label").TextContent.ShouldContain("Current password");
        section.FindAll("button").Select(b => b.TextContent.Trim()).ShouldContain("Turn off two-factor authentication");
    }

    [Fact]
    public void Render_WithAServerErrorForTheCode_ShowsItAtTheField()
    {
        var secret = AuthenticatorCodes.NewSecret();
        var enrollment = new TwoFactorEnrollment(secret, AuthenticatorCodes.AuthenticatorUri(secret, "alice"));

        var section = Render(enabled: false, enrollment, FormFeedback.From(ProfileErrors.CodeWrong, "Code"));

        section.WaitForAssertion(() => section.Find(".mud-input-helper-text.mud-input-error").TextContent.ShouldContain("That code is not right"));
    }
}
