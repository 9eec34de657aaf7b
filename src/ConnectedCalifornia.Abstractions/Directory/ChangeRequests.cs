using System.Collections.Immutable;

namespace ConnectedCalifornia.Directory;

/// <summary>
/// The fields of a verified listing that a curator checks before an edit by the organization goes
/// live. Everything the public reads as the verified listing's claims is here; what the organization
/// runs day to day (accepting referrals, its network-only and confidential contacts) applies at once.
/// </summary>
public static class VerifiedFields
{
    public const string Name = "name";
    public const string Kind = "kind";
    public const string Description = "description";
    public const string SpanishDescription = "spanishDescription";
    public const string Website = "website";
    public const string Services = "services";
    public const string Populations = "populations";
    public const string Languages = "languages";
    public const string Counties = "counties";

    /// <summary>The contacts everyone sees. Network-only and confidential contacts are not reviewed and never enter a request.</summary>
    public const string PublicContacts = "publicContacts";

    /// <summary>The order fields are shown in.</summary>
    public static readonly ImmutableArray<string> All = [Name, Kind, Description, SpanishDescription, Website, Services, Populations, Languages, Counties, PublicContacts];

    /// <summary>Fields whose values are lists (items can be added and removed).</summary>
    public static bool IsList(string field) => field is Services or Populations or Languages or Counties or PublicContacts;

    public static string Label(string field) => field switch
    {
        Name => "Name",
        Kind => "Kind of organization",
        Description => "Description",
        SpanishDescription => "Description in Spanish",
        Website => "Website",
        Services => "Services",
        Populations => "Populations served",
        Languages => "Languages",
        Counties => "Counties served",
        PublicContacts => "Public contacts",
        _ => field,
    };

    /// <summary>How long a curator's reason can be.</summary>
    public const int MaxReasonLength = 500;
}

/// <summary>
/// One field of a change request: the listing's value when it was requested and the requested value,
/// each as items (one item for a single value, none for an empty one; codes for lists; public
/// contacts as "label (kind): value"), who asked and when.
/// </summary>
[GenerateSerializer, Immutable, Alias("cc.FieldChange")]
public sealed record FieldChange(
    [property: Id(0)] string Field,
    [property: Id(1)] ImmutableArray<string> Before,
    [property: Id(2)] ImmutableArray<string> After,
    [property: Id(3)] string RequestedById,
    [property: Id(4)] string RequestedByName,
    [property: Id(5)] DateTimeOffset RequestedAt);

/// <summary>
/// The open change request of one organization: at most one, holding every verified field its
/// admins changed and a curator has not decided yet. <see cref="Revision"/> changes with every new
/// edit; a decision names the revision it was made on.
/// </summary>
[GenerateSerializer, Immutable, Alias("cc.OrganizationChangeRequest")]
public sealed record OrganizationChangeRequest(
    [property: Id(0)] string OrganizationId,
    [property: Id(1)] string OrganizationName,
    [property: Id(2)] long Revision,
    [property: Id(3)] DateTimeOffset OpenedAt,
    [property: Id(4)] DateTimeOffset UpdatedAt,
    [property: Id(5)] ImmutableArray<FieldChange> Fields,
    [property: Id(6)] ImmutableArray<string> StaleFields);

/// <summary>A curator's decision on one field: accept it, or reject it with a reason (required).</summary>
[GenerateSerializer, Immutable, Alias("cc.ChangeDecision")]
public sealed record ChangeDecision(
    [property: Id(0)] string Field,
    [property: Id(1)] bool Accept,
    [property: Id(2)] string? Reason);

/// <summary>A decided field: what was asked, whether it was accepted, why, by whom and when.</summary>
[GenerateSerializer, Immutable, Alias("cc.DecidedChange")]
public sealed record DecidedChange(
    [property: Id(0)] FieldChange Change,
    [property: Id(1)] bool Accepted,
    [property: Id(2)] string? Reason,
    [property: Id(3)] string DecidedById,
    [property: Id(4)] string DecidedByName,
    [property: Id(5)] DateTimeOffset DecidedAt);

/// <summary>An organization's open request (if any) and its newest decisions, newest first.</summary>
[GenerateSerializer, Immutable, Alias("cc.ChangeReview")]
public sealed record ChangeReview(
    [property: Id(0)] OrganizationChangeRequest? Open,
    [property: Id(1)] ImmutableArray<DecidedChange> RecentDecisions);

/// <summary>One line of the curators' queue: an organization with changes waiting for review.</summary>
[GenerateSerializer, Immutable, Alias("cc.CurationQueueEntry")]
public sealed record CurationQueueEntry(
    [property: Id(0)] string OrganizationId,
    [property: Id(1)] string OrganizationName,
    [property: Id(2)] int FieldCount,
    [property: Id(3)] string RequestedByName,
    [property: Id(4)] DateTimeOffset OpenedAt,
    [property: Id(5)] DateTimeOffset UpdatedAt,
    [property: Id(6)] long Version);

/// <summary>
/// The curators' queue (key <see cref="Network.GrainKeys.CurationQueue"/>): one line per organization
/// with an open change request, fed by the organization grains after every change of their request.
/// </summary>
[Alias("cc.ICurationQueueGrain")]
public interface ICurationQueueGrain : IGrainWithStringKey
{
    /// <summary>Adds or replaces an organization's line; a line older than the one held is ignored.</summary>
    [Alias("Set")]
    Task Set(CurationQueueEntry entry);

    /// <summary>Takes an organization's line out (its request was decided or withdrawn) unless a newer line is held.</summary>
    [Alias("Remove")]
    Task Remove(string organizationId, long version);

    /// <summary>Every waiting organization, the most recently changed first.</summary>
    [Alias("List")]
    Task<ImmutableArray<CurationQueueEntry>> List();
}
