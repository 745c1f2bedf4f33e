using Microsoft.AspNetCore.Identity;

namespace UserConsole.App.Components.Account;

/// <summary>Runs one real hash verification for a name that does not exist, so that an unknown name takes as
/// long to refuse as a wrong password.</summary>
internal static class DummyPasswordCheck
{
    private static readonly User Nobody = new("nobody", "nobody@invalid", Guid.Empty, DateTime.UnixEpoch);
    private static string? _hash;

    public static void Verify(IPasswordHasher<User> hasher, string password)
    {
        _hash ??= hasher.HashPassword(Nobody, Guid.NewGuid().ToString());
        hasher.VerifyHashedPassword(Nobody, _hash, password);
    }
}
