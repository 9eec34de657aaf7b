using System.Collections.Immutable;
using ConnectedCalifornia.Network;

namespace ConnectedCalifornia.Directory;

/// <summary>What a person asks for: a new organization, or to become the admin of an existing listing.</summary>
public enum JoinRequestKind
{
    NewOrganization = 0,
    Claim = 1,
}

public enum JoinRequestStatus
{
    Submitted = 0,
    ChangesRequested = 1,
    Approved = 2,
    Rejected = 3,

    /// <summary>Applied without an account: waits until the applicant confirms their e-mail address from the message sent to it.</summary>
    AwaitingEmail = 4,

    /// <summary>The applicant withdrew the application before it was decided; it stays readable, and nothing else can change it.</summary>
    Withdrawn = 5,
}

public enum JoinDecision
{
    Approve = 0,
    RequestChanges = 1,
    Reject = 2,
}

/// <summary>An application to join, or a claim of a listing, as the applicant and curators see it.</summary>
[GenerateSerializer, Immutable, Alias("cc.JoinRequestDetails")]
public sealed record JoinRequestDetails(
    [property: Id(0)] string Id,
    [property: Id(1)] JoinRequestKind Kind,
    [property: Id(2)] string OrganizationId,
    [property: Id(3)] string OrganizationName,
    [property: Id(4)] OrganizationProfile? Profile,
    [property: Id(5)] string Note,
    [property: Id(6)] string ApplicantId,
    [property: Id(7)] string ApplicantName,
    [property: Id(8)] JoinRequestStatus Status,
    [property: Id(9)] string? Reason,
    [property: Id(10)] DateTimeOffset SubmittedAt,
    [property: Id(11)] DateTimeOffset UpdatedAt,
    [property: Id(12)] long Version,
    [property: Id(13)] string? ApplicantEmail = null)
{
    public bool IsOpen => Status is JoinRequestStatus.Submitted or JoinRequestStatus.ChangesRequested;

    /// <summary>Made without an account: the applicant is known by name and e-mail address until approval creates (or finds) their account.</summary>
    public bool IsPublic => ApplicantEmail is not null;

    /// <summary>The applicant without an account may still withdraw it (see <see cref="IsWithdrawable"/>).</summary>
    public bool CanWithdraw => IsPublic && IsWithdrawable(Status);

    /// <summary>The states an application can be withdrawn from: undecided (waiting for the address, for a curator, or sent back for changes).</summary>
    public static bool IsWithdrawable(JoinRequestStatus status) =>
        status is JoinRequestStatus.AwaitingEmail or JoinRequestStatus.Submitted or JoinRequestStatus.ChangesRequested;
}

/// <summary>One line of the join-request queue: enough to list it, without the proposed profile.</summary>
[GenerateSerializer, Immutable, Alias("cc.JoinRequestSummary")]
public sealed record JoinRequestSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] JoinRequestKind Kind,
    [property: Id(2)] string OrganizationId,
    [property: Id(3)] string OrganizationName,
    [property: Id(4)] string ApplicantId,
    [property: Id(5)] string ApplicantName,
    [property: Id(6)] JoinRequestStatus Status,
    [property: Id(7)] string? Reason,
    [property: Id(8)] DateTimeOffset UpdatedAt)
{
    public bool IsOpen => Status is JoinRequestStatus.Submitted or JoinRequestStatus.ChangesRequested;
}

/// <summary>
/// One application to join (key <c>a-&lt;guid&gt;</c>) or one person's claim of one listing (key
/// from <see cref="JoinRequestKeys.Claim"/>, so a person has at most one claim per listing).
/// </summary>
[Alias("cc.IJoinRequestGrain")]
public interface IJoinRequestGrain : IGrainWithStringKey
{
    [Alias("GetDetails")]
    Task<JoinRequestDetails?> GetDetails();

    /// <summary>Applies for a new organization with this id and profile (checked as the organization grain would).</summary>
    [Alias("SubmitApplication")]
    Task<CommandResult> SubmitApplication(string organizationId, OrganizationProfile profile, string note, Actor applicant);

    /// <summary>
    /// Applies without an account: the applicant's name and e-mail address instead of an account. The
    /// application waits (<see cref="JoinRequestStatus.AwaitingEmail"/>) until the applicant confirms the
    /// address from the message sent to it (<see cref="ConfirmApplicantEmail"/>); only then do curators see it.
    /// </summary>
    [Alias("SubmitPublicApplication")]
    Task<CommandResult> SubmitPublicApplication(string organizationId, OrganizationProfile profile, string note, string applicantName, string applicantEmail, string? language);

    /// <summary>The applicant without an account followed the link sent to their address: the application goes to the curators (idempotent).</summary>
    [Alias("ConfirmApplicantEmail")]
    Task<CommandResult> ConfirmApplicantEmail();

    /// <summary>The applicant without an account answers a request for changes (the web node checked their private link).</summary>
    [Alias("ResubmitPublic")]
    Task<CommandResult> ResubmitPublic(OrganizationProfile? profile, string note);

    /// <summary>
    /// The applicant without an account withdraws the application (the web node checked their private link) while
    /// it is undecided; afterwards the link only shows it.
    /// </summary>
    [Alias("WithdrawPublic")]
    Task<CommandResult> WithdrawPublic();

    /// <summary>Claims an existing listing that has no admin.</summary>
    [Alias("SubmitClaim")]
    Task<CommandResult> SubmitClaim(string organizationId, string note, Actor claimant);

    /// <summary>The applicant answers a request for changes: a corrected profile (applications) and a note.</summary>
    [Alias("Resubmit")]
    Task<CommandResult> Resubmit(OrganizationProfile? profile, string note, Actor applicant);

    /// <summary>
    /// A curator approves, asks for changes or rejects; the last two need a reason. Refused for an application made
    /// without an account: whose the applicant's address is must be said, through <see cref="DecideWithAccount"/>.
    /// </summary>
    [Alias("Decide")]
    Task<CommandResult> Decide(JoinDecision decision, string? reason, Actor curator);

    /// <summary>
    /// As <see cref="Decide"/>; for an application made without an account the caller passes the account of the
    /// applicant's address that it looked up (null only when no account has that address), so a curator never
    /// decides an application made under their own address. Approving needs that account (found or created by the
    /// web node): it becomes the organization's admin.
    /// </summary>
    [Alias("DecideWithAccount")]
    Task<CommandResult> DecideWithAccount(JoinDecision decision, string? reason, Actor curator, string? applicantAccountId);

    [Alias("GetHistory")]
    Task<ImmutableArray<ChangeRecord>> GetHistory(int max);
}

/// <summary>The list of every join request (singleton, key <see cref="JoinRequestKeys.Queue"/>), kept by the request grains.</summary>
[Alias("cc.IJoinRequestQueueGrain")]
public interface IJoinRequestQueueGrain : IGrainWithStringKey
{
    [Alias("Upsert")]
    Task Upsert(JoinRequestSummary summary);

    /// <summary>Open requests (submitted, or waiting for the applicant's changes), oldest first.</summary>
    [Alias("ListOpen")]
    Task<ImmutableArray<JoinRequestSummary>> ListOpen();

    /// <summary>One person's requests, newest first, decided ones included.</summary>
    [Alias("ListByApplicant")]
    Task<ImmutableArray<JoinRequestSummary>> ListByApplicant(string applicantId);
}

public static class JoinRequestKeys
{
    public const string Queue = "join-requests";
    public const string ApplicationPrefix = "a-";
    public const string ClaimPrefix = "c-";

    public static string NewApplication() => ApplicationPrefix + Guid.NewGuid().ToString("N");

    /// <summary>The one claim key of a person and a listing (a hash: the key names neither).</summary>
    public static string Claim(string organizationId, string userId)
    {
        var bytes = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(organizationId + "\n" + userId));
        return ClaimPrefix + Convert.ToHexStringLower(bytes)[..32];
    }

    public static bool IsValid(string? id) =>
        id is { Length: 34 } && (id.StartsWith(ApplicationPrefix, StringComparison.Ordinal) || id.StartsWith(ClaimPrefix, StringComparison.Ordinal))
        && id.AsSpan(2).IndexOfAnyExcept("0123456789abcdef") < 0;
}

/// <summary>A verified listing whose last verification is older than the re-verification interval.</summary>
[GenerateSerializer, Immutable, Alias("cc.StaleListing")]
public sealed record StaleListing(
    [property: Id(0)] string OrganizationId,
    [property: Id(1)] string Name,
    [property: Id(2)] DateTimeOffset? VerifiedAt,
    [property: Id(3)] DateTimeOffset FlaggedAt,
    [property: Id(4)] string? ConfirmedById = null,
    [property: Id(5)] string? ConfirmedByName = null,
    [property: Id(6)] DateTimeOffset? ConfirmedAt = null)
{
    /// <summary>An admin of the organization said the listing is still correct; a curator has to confirm.</summary>
    public bool AdminConfirmed => ConfirmedAt is not null;
}

[GenerateSerializer, Immutable, Alias("cc.ReverificationSweepResult")]
public sealed record ReverificationSweepResult(
    [property: Id(0)] int Checked,
    [property: Id(1)] int Flagged,
    [property: Id(2)] int Cleared);

/// <summary>
/// The re-verification list (singleton, key <see cref="Key"/>): a sweep flags verified listings whose
/// last verification is too old; an org admin confirms the listing is still correct; a curator re-verifies.
/// </summary>
[Alias("cc.IReverificationGrain")]
public interface IReverificationGrain : IGrainWithStringKey
{
    public const string Key = "reverification";

    /// <summary>Flags stale verified listings and clears the flags of listings verified again meanwhile.</summary>
    [Alias("Sweep")]
    Task<ReverificationSweepResult> Sweep();

    /// <summary>Registers (or keeps) the Orleans reminder that sweeps every <paramref name="period"/>.</summary>
    [Alias("EnsureReminder")]
    Task EnsureReminder(TimeSpan period);

    [Alias("List")]
    Task<ImmutableArray<StaleListing>> List();

    [Alias("Get")]
    Task<StaleListing?> Get(string organizationId);

    /// <summary>An admin of the organization says the listing is still correct (recorded, for a curator to confirm).</summary>
    [Alias("RequestReverification")]
    Task<CommandResult> RequestReverification(string organizationId, Actor admin);

    /// <summary>A curator re-verifies the listing today: it gets a new verification date and leaves the list.</summary>
    [Alias("Reverify")]
    Task<CommandResult> Reverify(string organizationId, Actor curator);
}
