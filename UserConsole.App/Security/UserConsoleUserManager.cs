using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace UserConsole.App.Security;

/// <summary>Identity's user manager with the lockout of the Security policy in force (wrong attempts and lockout
/// minutes may be changed on the Settings page at any time): each scope, a sign-in request for instance, reads the
/// policy when it begins. Everything else is the configured <see cref="IdentityOptions"/>.</summary>
internal sealed class UserConsoleUserManager : UserManager<User>
{
    public UserConsoleUserManager(
        IUserStore<User> store,
        IOptions<IdentityOptions> optionsAccessor,
        IPasswordHasher<User> passwordHasher,
        IEnumerable<IUserValidator<User>> userValidators,
        IEnumerable<IPasswordValidator<User>> passwordValidators,
        ILookupNormalizer keyNormalizer,
        IdentityErrorDescriber errors,
        IServiceProvider services,
        ILogger<UserManager<User>> logger,
        ISecurityPolicySource policy)
        : base(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var configured = Options;
        var current = policy.Current;
        Options = new IdentityOptions
        {
            ClaimsIdentity = configured.ClaimsIdentity,
            User = configured.User,
            Password = configured.Password,
            SignIn = configured.SignIn,
            Tokens = configured.Tokens,
            Stores = configured.Stores,
            Lockout = new LockoutOptions
            {
                AllowedForNewUsers = configured.Lockout.AllowedForNewUsers,
                MaxFailedAccessAttempts = current.LockoutMaxFailedAttempts,
                DefaultLockoutTimeSpan = current.LockoutDuration,
            },
        };
    }
}
