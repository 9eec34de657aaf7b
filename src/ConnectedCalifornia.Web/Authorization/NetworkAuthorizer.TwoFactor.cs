using System.Collections.Immutable;
using System.Security.Claims;
using ConnectedCalifornia.TaskForces;
using ConnectedCalifornia.Web.Identity;

namespace ConnectedCalifornia.Web.Authorization;

/// <summary>Where a signed-in person stands with the two-factor sign-in their roles require.</summary>
public enum TwoFactorStanding
{
    /// <summary>Anonymous, or no role of the person requires it.</summary>
    NotRequired,

    /// <summary>This session was signed in with a second factor.</summary>
    Met,

    /// <summary>A demo account of the Development demo network (never outside Development).</summary>
    DemoExempt,

    /// <summary>A role requires it and the account has no authenticator yet.</summary>
    EnrolmentRequired,

    /// <summary>The account has an authenticator, but this session was signed in without a code (e.g. a remembered browser).</summary>
    CodeRequired,
}

/// <summary>The standing and the roles that ask for it (for the explanation people read).</summary>
public sealed record TwoFactorDemand(TwoFactorStanding Standing, ImmutableArray<string> Roles)
{
    public static readonly TwoFactorDemand None = new(TwoFactorStanding.NotRequired, []);

    /// <summary>True while the person may not act: every page but enrolment redirects, every API and hub call answers 403.</summary>
    public bool Blocks => Standing is TwoFactorStanding.EnrolmentRequired or TwoFactorStanding.CodeRequired;

    /// <summary>"system admin and task-force lead", for the messages.</summary>
    public string RoleList => Roles.Length <= 1 ? string.Join(string.Empty, Roles) : string.Join(", ", Roles[..^1]) + " and " + Roles[^1];
}

/// <summary>
/// The two-factor part of the one authorizer: system admins, curators, members of a law-enforcement or
/// prosecution agency and task-force leads must sign in with an authenticator code before they may act.
/// Their sign-in cookie may exist, but until this session was signed in with a second factor the
/// authorizer allows them nothing (<see cref="IsAllowedAsync"/>) and <see cref="RequiredTwoFactor"/>
/// sends every page to enrolment and answers every API and hub call 403.
/// </summary>
public sealed partial class NetworkAuthorizer
{
    /// <summary>What two-factor sign-in this person's roles ask of this session.</summary>
    public async Task<TwoFactorDemand> TwoFactorDemandAsync(ClaimsPrincipal user)
    {
        if (user.UserId() is not { } userId)
        {
            return TwoFactorDemand.None;
        }

        var roles = ImmutableArray.CreateBuilder<string>();
        if (user.IsSystemAdmin())
        {
            roles.Add("system admin");
        }

        if (user.IsCurator())
        {
            roles.Add("curator");
        }

        if (user.SignedInWithSecondFactor())
        {
            // Met whatever the roles: no need to read the memberships.
            return new TwoFactorDemand(TwoFactorStanding.Met, roles.ToImmutable());
        }

        // Memberships as they count now (see GetAccessAsync), read once per scope and moment.
        var person = await PersonAsync(user, userId);
        if (await (person.LawEnforcement ??= IsLawEnforcementAsync(person.Access)))
        {
            roles.Add("member of a law-enforcement or prosecution agency");
        }

        if (person.Access.TaskForces.Values.Any(r => r == TaskForceRole.Lead))
        {
            roles.Add("task-force lead");
        }

        if (roles.Count == 0)
        {
            return TwoFactorDemand.None;
        }

        var standing = twoFactorExemption.IsExempt(user) ? TwoFactorStanding.DemoExempt
            : user.HasTwoFactor() ? TwoFactorStanding.CodeRequired
            : TwoFactorStanding.EnrolmentRequired;
        return new TwoFactorDemand(standing, roles.ToImmutable());
    }

    /// <summary>Whether the person's roles are held back until they sign in with a second factor (no reads once they did).</summary>
    private async Task<bool> AwaitsSecondFactorAsync(ClaimsPrincipal user) =>
        !user.SignedInWithSecondFactor() && (await TwoFactorDemandAsync(user)).Blocks;
}
