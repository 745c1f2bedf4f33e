namespace UserConsole.Domain.Users;

/// <summary>The rules for a password a person chooses: 12–128 characters as typed, not the
/// username or email, and strong enough by zxcvbn (score ≥ 3) with the user's own words as inputs.</summary>
public static class PasswordPolicy
{
    public const int MinLength = 12;
    public const int MaxLength = 128;
    public const int MinScore = 3;

    public static readonly IReadOnlyList<string> ScoreWords = ["Very weak", "Weak", "Fair", "Strong", "Very strong"];

    /// <summary>zxcvbn's score 0–4 for the strength meter, with the user's own words as inputs.</summary>
    public static int Score(string password, params string?[] userInputs)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (password.Length == 0)
        {
            return 0;
        }

        // zxcvbn's cost grows with length; the policy caps the length anyway.
        var sample = password.Length > MaxLength ? password[..MaxLength] : password;
        var inputs = userInputs.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!).ToList();
        return Zxcvbn.Zxcvbn.MatchPassword(sample, inputs).Score;
    }

    /// <summary>The first rule the password breaks, as a sentence; null when it is acceptable.</summary>
    public static string? Check(string password, string userName, string email, string? fullName)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (password.Length < MinLength)
        {
            return $"Use at least {MinLength} characters.";
        }

        if (password.Length > MaxLength)
        {
            return $"Use at most {MaxLength} characters.";
        }

        if (string.Equals(password, userName, StringComparison.OrdinalIgnoreCase)
            || string.Equals(password, email, StringComparison.OrdinalIgnoreCase))
        {
            return "Your password cannot be your username or email.";
        }

        if (Score(password, userName, email, fullName) < MinScore)
        {
            return "This password is too easy to guess. Add more words or unusual characters.";
        }

        return null;
    }
}
