using CsCheck;
using FluentValidation;
using UserConsole.Domain.Roles;
using UserConsole.Domain.Users;

namespace UserConsole.Tests.Domain.Validators;

/// <summary>Thousands of random strings through every validator: none throws, and each field is accepted exactly
/// when an independent, hand-written reading of the rules accepts it.</summary>
public sealed class ValidatorPropertyTests
{
    private const int Iterations = 10_000;
    private const string UserNameChars = "abcxyzABCXYZ0189._-";
    private const string LocalChars = "abzAZ09.!#$%&'*+/=?^_`{|}~-";

    private static readonly CreateUserInputValidator UserValidator = new();
    private static readonly RoleInputValidator RoleValidator = new();

    /// <summary>Arbitrary text, text from the field's own alphabet with a few intruders, and near-valid shapes.</summary>
    private static Gen<string> TextFrom(string alphabet, int maxLength) => Gen.OneOf(
        Gen.String,
        Gen.Char[alphabet + "@ \t\n\u0430\uff41\u00e9\u200b\u0130\u0000"].Array[0, maxLength].Select(a => new string(a)),
        Gen.Char[alphabet].Array[0, maxLength].Select(a => new string(a)));

    private static readonly Gen<string> Emails = Gen.OneOf(
        TextFrom(LocalChars + "@", 80),
        Gen.Select(
            Gen.Char[LocalChars + "\u00e9 "].Array[0, 70].Select(a => new string(a)),
            Gen.Char["abz09-."].Array[0, 80].Select(a => new string(a)),
            Gen.OneOf(Gen.Const(""), Gen.Const(" "), Gen.Const("\t")),
            (local, domain, pad) => $"{pad}{local}@{domain}{pad}"),
        Gen.Select(Gen.Int[1, 64], Gen.Int[1, 64], Gen.Int[1, 200], (l, d, t) => $"{new string('a', l)}@{new string('b', d)}.{new string('c', Math.Min(t, 63))}"));

    [Fact]
    public void UserName_RandomStrings_AcceptedExactlyByTheRule() =>
        Check(TextFrom(UserNameChars, 40), s => Accepts(UserValidator, ValidUser(u => u.UserName = s), nameof(UserFields.UserName)), Oracle.UserName);

    [Fact]
    public void Email_RandomStrings_AcceptedExactlyByTheRule() =>
        Check(Emails, s => Accepts(UserValidator, ValidUser(u => u.Email = s), nameof(UserFields.Email)), Oracle.Email);

    [Fact]
    public void FullName_RandomStrings_AcceptedExactlyByTheRule() =>
        Check(TextFrom("Ann Lee-O'Neil Ü", 120), s => Accepts(UserValidator, ValidUser(u => u.FullName = s), nameof(UserFields.FullName)), Oracle.Detail);

    [Fact]
    public void Company_RandomStrings_AcceptedExactlyByTheRule() =>
        Check(TextFrom("Acme Ltd. & Co ", 120), s => Accepts(UserValidator, ValidUser(u => u.Company = s), nameof(UserFields.Company)), Oracle.Detail);

    [Fact]
    public void RoleName_RandomStrings_AcceptedExactlyByTheRule() =>
        Check(TextFrom("Night Ops-2 ", 60), s => Accepts(RoleValidator, new RoleInput { Name = s }, nameof(RoleInput.Name)), Oracle.RoleName);

    [Fact]
    public void RoleDescription_RandomStrings_AcceptedExactlyByTheRule() =>
        Check(TextFrom("Runs backups.\r\n ", 520), s => Accepts(RoleValidator, new RoleInput { Name = "Ops", Description = s }, nameof(RoleInput.Description)), Oracle.Description);

    /// <summary>Samples the generator: the validator never throws and agrees with the oracle on every string, and
    /// the sample holds both accepted and refused strings (so the agreement means something).</summary>
    private static void Check(Gen<string> strings, Func<string, bool> validator, Func<string, bool> oracle)
    {
        var accepted = 0;
        var refused = 0;
        strings.Sample(s =>
        {
            var expected = oracle(s);
            _ = expected ? Interlocked.Increment(ref accepted) : Interlocked.Increment(ref refused);
            return validator(s) == expected;
        }, iter: Iterations);
        accepted.ShouldBeGreaterThan(Iterations / 20, "too few valid strings were generated");
        refused.ShouldBeGreaterThan(Iterations / 20, "too few invalid strings were generated");
    }

    [Theory]
    [InlineData("alice", true)]
    [InlineData("a.b_c-d", true)]
    [InlineData("9lives", true)]
    [InlineData("ab", false)]
    [InlineData(".alice", false)]
    [InlineData("alice\n", false)]
    [InlineData("al ice", false)]
    [InlineData("\u0430lice", false)]
    public void UserName_Examples_MatchTheOracle(string userName, bool valid)
    {
        Oracle.UserName(userName).ShouldBe(valid);
        Accepts(UserValidator, ValidUser(u => u.UserName = userName), nameof(UserFields.UserName)).ShouldBe(valid);
    }

    [Theory]
    [InlineData("admin@localhost", true)]
    [InlineData(" bob@example.com ", true)]
    [InlineData("bob@-example.com", false)]
    [InlineData("bob@example..com", false)]
    [InlineData("b\u00f6b@example.com", false)]
    [InlineData("@example.com", false)]
    [InlineData("bob@", false)]
    public void Email_Examples_MatchTheOracle(string email, bool valid)
    {
        Oracle.Email(email).ShouldBe(valid);
        Accepts(UserValidator, ValidUser(u => u.Email = email), nameof(UserFields.Email)).ShouldBe(valid);
    }

    private static CreateUserInput ValidUser(Action<CreateUserInput> change)
    {
        var input = new CreateUserInput { UserName = "alice", Email = "alice@example.com", RoleId = Guid.NewGuid() };
        change(input);
        return input;
    }

    private static bool Accepts<T>(IValidator<T> validator, T input, string property) =>
        validator.Validate(input).Errors.All(e => e.PropertyName != property);

    /// <summary>The field rules (ASCII usernames, HTML email addresses, trimmed details, no control characters), read character by character (no regular expressions).</summary>
    private static class Oracle
    {
        public static bool UserName(string s) =>
            s.Length is >= 3 and <= 32 && IsAsciiLetterOrDigit(s[0]) && s.All(c => IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

        public static bool Email(string s)
        {
            if (string.IsNullOrWhiteSpace(s))
            {
                return false;
            }

            var t = s.Trim();
            if (t.Length > 254)
            {
                return false;
            }

            var parts = t.Split('@');
            if (parts.Length != 2 || parts[0].Length == 0 || !parts[0].All(c => IsAsciiLetterOrDigit(c) || ".!#$%&'*+/=?^_`{|}~-".Contains(c)))
            {
                return false;
            }

            return parts[1].Split('.').All(label =>
                label.Length is >= 1 and <= 63
                && IsAsciiLetterOrDigit(label[0]) && IsAsciiLetterOrDigit(label[^1])
                && label.All(c => IsAsciiLetterOrDigit(c) || c == '-'));
        }

        public static bool Detail(string s) => s.Trim().Length <= 100 && !s.Trim().Any(char.IsControl);

        public static bool RoleName(string s) =>
            !string.IsNullOrWhiteSpace(s) && s.Trim().Length is >= 2 and <= 50 && !s.Any(char.IsControl);

        public static bool Description(string s) => s.Trim().Length <= 500 && !s.Any(c => char.IsControl(c) && c is not '\r' and not '\n');

        private static bool IsAsciiLetterOrDigit(char c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9';
    }
}
