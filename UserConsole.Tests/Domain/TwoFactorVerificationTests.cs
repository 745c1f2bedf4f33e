using Microsoft.EntityFrameworkCore;
using UserConsole.Domain.Profile;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Domain;

/// <summary>Checking a sign-in code: once per step, one step of drift, never the enrolment code, and refusals.</summary>
public sealed class TwoFactorVerificationTests : TwoFactorTestBase
{
    [Fact]
    public async Task VerifyAndConsumeAsync_WithCurrentCode_IsAcceptedOnceAndReplayIsRefused()
    {
        var secret = await EnrollAsync(_alice);
        var code = CodeAt(secret, Now);

        var first = await Service.VerifyAndConsumeAsync(_alice.Id, code, Ct);
        var replay = await Service.VerifyAndConsumeAsync(_alice.Id, code, Ct);

        first.ShouldBeTrue();
        replay.ShouldBeFalse();
        (await LoadAsync(_alice.Id)).LastTotpStep.ShouldBe(new DateTimeOffset(Now).ToUnixTimeSeconds() / 30);
    }

    [Fact]
    public async Task VerifyAndConsumeAsync_WithTheCodeUsedForEnrollment_IsRefused()
    {
        var enrollment = (await Service.BeginEnrollmentAsync(DomainTestContext.As(_alice), Ct)).Value;
        var code = CodeAt(enrollment.Secret, Now);
        await Service.ConfirmEnrollmentAsync(DomainTestContext.As(_alice), enrollment.Secret, code, Ct);

        var result = await Service.VerifyAndConsumeAsync(_alice.Id, code, Ct);

        result.ShouldBeFalse();
    }

    [Theory]
    [InlineData(-2, false)]
    [InlineData(-1, true)]
    [InlineData(0, true)]
    [InlineData(1, true)]
    [InlineData(2, false)]
    public async Task VerifyAndConsumeAsync_WithCodeOfAnotherStep_AcceptsOneStepOfDriftOnly(int steps, bool accepted)
    {
        var secret = await EnrollAsync(_alice);

        var result = await Service.VerifyAndConsumeAsync(_alice.Id, CodeAt(secret, Now.AddSeconds(30 * steps)), Ct);

        result.ShouldBe(accepted);
    }

    [Fact]
    public async Task VerifyAndConsumeAsync_WithOlderStepThanTheLastAccepted_IsRefused()
    {
        var secret = await EnrollAsync(_alice);
        (await Service.VerifyAndConsumeAsync(_alice.Id, CodeAt(secret, Now), Ct)).ShouldBeTrue();

        var result = await Service.VerifyAndConsumeAsync(_alice.Id, CodeAt(secret, Now.AddSeconds(-30)), Ct);

        result.ShouldBeFalse();
    }

    [Fact]
    public async Task VerifyAndConsumeAsync_ConcurrentSubmitsOfOneCode_ExactlyOneSucceeds()
    {
        var secret = await EnrollAsync(_alice);
        for (var round = 0; round < 10; round++)
        {
            _ctx.Clock.Advance(TimeSpan.FromSeconds(30));
            var code = CodeAt(secret, Now);
            using var start = new ManualResetEventSlim();
            var submits = Enumerable.Range(0, 2)
                .Select(_ => Task.Run(async () =>
                {
                    start.Wait(TestContext.Current.CancellationToken);
                    return await Service.VerifyAndConsumeAsync(_alice.Id, code, TestContext.Current.CancellationToken);
                }, TestContext.Current.CancellationToken))
                .ToList();

            start.Set();
            var results = await Task.WhenAll(submits);

            results.Count(accepted => accepted).ShouldBe(1, $"round {round}");
        }
    }

    [Fact]
    public async Task VerifyAndConsumeAsync_ChangesTheConcurrencyStamp_SoAnOlderCopyCannotWriteTheStepBack()
    {
        var secret = await EnrollAsync(_alice);
        var before = await LoadAsync(_alice.Id);

        (await Service.VerifyAndConsumeAsync(_alice.Id, CodeAt(secret, Now), Ct)).ShouldBeTrue();

        (await LoadAsync(_alice.Id)).ConcurrencyStamp.ShouldNotBe(before.ConcurrencyStamp);
    }

    [Fact]
    public async Task VerifyAndConsumeAsync_WhenTwoFactorIsOffOrUserDisabled_IsRefused()
    {
        var secret = AuthenticatorCodes.NewSecret();
        (await Service.VerifyAndConsumeAsync(_alice.Id, CodeAt(secret, Now), Ct)).ShouldBeFalse();

        var enrolled = await EnrollAsync(_alice);
        await using (var db = await _ctx.DbAsync())
        {
            (await db.Users.SingleAsync(u => u.Id == _alice.Id, Ct)).Disable();
            await db.SaveChangesAsync(Ct);
        }

        (await Service.VerifyAndConsumeAsync(_alice.Id, CodeAt(enrolled, Now), Ct)).ShouldBeFalse();
    }

    [Fact]
    public async Task VerifyAndConsumeAsync_WhenTheSecretCannotBeUnprotected_IsRefused()
    {
        var secret = await EnrollAsync(_alice);
        await using (var db = await _ctx.DbAsync())
        {
            await db.Users.Where(u => u.Id == _alice.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.ProtectedTotpSecret, "CfDJ8-not-a-payload"), TestContext.Current.CancellationToken);
        }

        var result = await Service.VerifyAndConsumeAsync(_alice.Id, CodeAt(secret, Now), Ct);

        result.ShouldBeFalse();
    }
}
