using ConnectedCalifornia.Web.Hardening;
using Microsoft.AspNetCore.Identity;

namespace ConnectedCalifornia.Web.Identity;

/// <summary>
/// The one way to sign in with a password: throttled per client and account before the lockout can be
/// turned against somebody (<see cref="SignInThrottle"/>), and just as slow for an address without an
/// account as for a real one, so neither the answer nor its timing tells whether an account exists.
/// </summary>
public sealed class NetworkSignIn(
    SignInManager<ApplicationUser> signIn,
    UserManager<ApplicationUser> users,
    IPasswordHasher<ApplicationUser> hasher,
    SignInThrottle throttle,
    PrivilegedAccounts privileged,
    Microsoft.Extensions.Options.IOptions<IdentityOptions> identityOptions)
{
    private static string? s_unknownAccountHash;

    /// <summary>The answer: a sign-in result, or how long to wait when the attempt was refused without being tried.</summary>
    public sealed record Outcome(SignInResult Result, TimeSpan? RetryAfter)
    {
        public bool Throttled => RetryAfter is not null;
    }

    public async Task<Outcome> PasswordSignInAsync(HttpContext http, string email, string password, bool rememberMe)
    {
        var client = ClientAddress.Of(http);
        if (throttle.RetryAfter(client, email) is { } wait)
        {
            return new Outcome(SignInResult.Failed, wait);
        }

        var user = await users.FindByNameAsync(email) ?? await users.FindByEmailAsync(email);
        SignInResult result;
        if (user is null)
        {
            // Answered as a real account would be: locked out after as many wrong passwords and for as
            // long (a locked account is refused before its password is checked), otherwise the same
            // password hashing work against a hash nobody's password matches.
            if (throttle.IsUnknownAccountLockedOut(email))
            {
                result = SignInResult.LockedOut;
            }
            else
            {
                var unknown = new ApplicationUser();
                s_unknownAccountHash ??= hasher.HashPassword(unknown, Guid.NewGuid().ToString("N"));
                hasher.VerifyHashedPassword(unknown, s_unknownAccountHash, password);
                var lockout = identityOptions.Value.Lockout;
                result = throttle.RecordUnknownAccountFailure(email, lockout.MaxFailedAccessAttempts, lockout.DefaultLockoutTimeSpan)
                    ? SignInResult.LockedOut
                    : SignInResult.Failed;
            }
        }
        else
        {
            // Privileged people are never kept signed in on a device (their sessions also idle out sooner).
            var keep = rememberMe && !await privileged.IsPrivilegedAsync(user.Id, await users.GetRolesAsync(user));
            result = await signIn.PasswordSignInAsync(user, password, keep, lockoutOnFailure: true);
        }

        if (result.Succeeded || result.RequiresTwoFactor)
        {
            throttle.RecordSuccess(client, email);
        }
        else
        {
            throttle.RecordFailure(client, email);
        }

        return new Outcome(result, null);
    }
}
