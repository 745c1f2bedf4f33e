using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace UserConsole.Tests.Infrastructure;

/// <summary>A passkey as Identity hands it over after a verified attestation (random credential id and key), for
/// domain tests that need a user holding one.</summary>
public static class TestPasskeys
{
    public static UserPasskeyInfo New() => new(RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(77),
        DateTimeOffset.UtcNow, 0, ["internal"], isUserVerified: true, isBackupEligible: false, isBackedUp: false, [1, 2, 3], [4, 5, 6]);
}
