using Bunit;
using UserConsole.App.Components.Profile;
using UserConsole.App.Components.Shared;
using UserConsole.Domain.Profile;

namespace UserConsole.Tests.Components.Profile;

public sealed class TwoFactorSectionTests : UserConsoleTestContext
{
    private static TwoFactorEnrollment NewEnrollment()
    {
        var secret = AuthenticatorCodes.NewSecret();
        return new TwoFactorEnrollment(secret, AuthenticatorCodes.AuthenticatorUri(secret, "alice"));
    }

    private IRenderedComponent<TwoFactorSection> Render(bool enabled, TwoFactorEnrollment? enrollment) =>
        Render<TwoFactorSection>(p => p
            .Add(s => s.Enabled, enabled)
            .Add(s => s.Enrollment, enrollment)
            .Add(s => s.CodeInput, new TwoFactorCodeInput())
            .Add(s => s.DisableInput, new DisableTwoFactorInput())
            .Add(s => s.Feedback, new FormFeedback("Code", "CurrentPassword")));

    [Fact]
    public void Render_DuringSetup_ShowsTheQrCodeAndTheSecretInGroupsOfFour()
    {
        var enrollment = NewEnrollment();

        var section = Render(enabled: false, enrollment);

        var qr = section.Find("[role=img][aria-label='QR code for your authenticator app']");
        qr.QuerySelector("svg").ShouldNotBeNull();
        qr.QuerySelectorAll("svg path, svg rect").Length.ShouldBeGreaterThan(0);
        section.InputByLabel("Setup key").TextContent.Trim()
            .ShouldBe(string.Join(' ', Enumerable.Range(0, 8).Select(i => enrollment.Secret.Substring(i * 4, 4))));
        var code = section.InputByLabel("Verification code");
        (code.GetAttribute("inputmode"), code.GetAttribute("autocomplete"), code.GetAttribute("value") ?? "").ShouldBe(("numeric", "one-time-code", ""));
        var verify = section.ButtonByText("Verify and turn on");
        (verify.GetAttribute("type"), verify.HasAttribute("disabled")).ShouldBe(("submit", false));
    }

    [Fact]
    public void Render_WhenOffWithoutSetup_OffersToEnableAndShowsNoSecret()
    {
        var section = Render(enabled: false, enrollment: null);

        section.ButtonByText("Enable Two-Factor Authentication").HasAttribute("disabled").ShouldBeFalse();
        section.FindAll(".qr-code").ShouldBeEmpty();
        section.FindAll("label").ShouldBeEmpty();
    }

    [Fact]
    public void DisableButton_WhenOn_AsksForTheCurrentPassword()
    {
        var section = Render(enabled: true, enrollment: null);

        section.ButtonByText("Disable 2FA").Click();

        section.InputByLabel("Current password").GetAttribute("type").ShouldBe("password");
        var turnOff = section.ButtonByText("Turn off two-factor authentication");
        (turnOff.GetAttribute("type"), turnOff.HasAttribute("disabled")).ShouldBe(("submit", false));
    }

    [Fact]
    public void Feedback_WhenTheServerRefusesTheCode_ShowsItAtTheField()
    {
        var section = Render(enabled: false, NewEnrollment());

        var feedback = new FormFeedback("Code");
        feedback.Accept(ProfileRules.CodeWrong);

        section.Render(p => p.Add(s => s.Feedback, feedback));

        section.WaitForAssertion(() => section.FieldMessage("Verification code").ShouldStartWith("That code is not right"));
    }
}
