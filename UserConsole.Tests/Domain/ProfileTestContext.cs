using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using UserConsole.Domain.Users;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Domain;

/// <summary>The <see cref="DomainTestContext"/> of the profile tests. Its arrange helpers hash passwords with the
/// hasher resolved from the root provider, where the domain registers it as scoped; a singleton registration of
/// the same hasher (same options) lets them run until the context resolves it from a scope.</summary>
internal static class ProfileTestContext
{
    public static Task<DomainTestContext> CreateAsync() =>
        DomainTestContext.CreateAsync(services => services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>());
}
