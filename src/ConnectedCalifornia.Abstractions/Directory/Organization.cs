using System.Collections.Immutable;
using ConnectedCalifornia.Network;

namespace ConnectedCalifornia.Directory;

public enum OrganizationKind
{
    Nonprofit = 0,
    LawEnforcement = 1,
    Prosecution = 2,
    ChildWelfare = 3,
    LegalAid = 4,
    HealthClinic = 5,
    Government = 6,
    Coalition = 7,
    FaithBased = 8,
    Education = 9,
}

public enum VerificationStatus
{
    Unverified = 0,
    Pending = 1,
    Verified = 2,
    Suspended = 3,
}

/// <summary>Who may see a contact, a location or a field.</summary>
public enum Visibility
{
    /// <summary>Anyone, without an account.</summary>
    Public = 0,

    /// <summary>Signed-in members of any organization of the network.</summary>
    Network = 1,

    /// <summary>The organization itself and the task forces it belongs to: confidential shelter addresses.</summary>
    Organization = 2,
}

public enum ContactKind
{
    Phone = 0,
    Email = 1,
    Address = 2,
    Hotline = 3,
    Website = 4,
}

public enum OrganizationRole
{
    Staff = 1,
    Admin = 2,
}

[GenerateSerializer, Immutable, Alias("cc.Contact")]
public sealed record Contact(
    [property: Id(0)] string Label,
    [property: Id(1)] ContactKind Kind,
    [property: Id(2)] string Value,
    [property: Id(3)] Visibility Visibility);

/// <summary>
/// What one of the listing's services says of itself, beyond the organization's description (an HSDS
/// service's own description, kept by an import). <paramref name="Code"/> is one of the profile's services.
/// </summary>
[GenerateSerializer, Immutable, Alias("cc.ServiceDescription")]
public sealed record ServiceDescription(
    [property: Id(0)] string Code,
    [property: Id(1)] string Description);

/// <summary>
/// The part of an organization that its admins edit. <see cref="ServiceDescriptions"/> null keeps what the
/// listing has (forms that do not show them), for the services it still lists.
/// </summary>
[GenerateSerializer, Immutable, Alias("cc.OrganizationProfile")]
public sealed record OrganizationProfile(
    [property: Id(0)] string Name,
    [property: Id(1)] OrganizationKind Kind,
    [property: Id(2)] string Description,
    [property: Id(3)] string? Website,
    [property: Id(4)] ImmutableArray<string> Services,
    [property: Id(5)] ImmutableArray<string> Populations,
    [property: Id(6)] ImmutableArray<string> Languages,
    [property: Id(7)] ImmutableArray<string> Counties,
    [property: Id(8)] ImmutableArray<Contact> Contacts,
    [property: Id(9)] bool AcceptingReferrals,
    [property: Id(10)] OpeningHours? Hours = null,
    [property: Id(11)] FieldVisibility? FieldVisibility = null,
    [property: Id(12)] ImmutableArray<ServiceDescription>? ServiceDescriptions = null,
    [property: Id(13)] string? SpanishDescription = null)
{
    /// <summary>Who sees <paramref name="field"/> (one of <see cref="FieldVisibility.Fields"/>); every other field is public.</summary>
    public Visibility VisibilityOf(string field) => (FieldVisibility ?? FieldVisibility.AllPublic).Of(field);

    /// <summary>
    /// The profile as a reader of the <paramref name="highest"/> tier sees it: each field above that
    /// tier is left empty (no description, website or hours, no terms) and each contact above
    /// it is left out. <see cref="Visibility.Public"/> gives the public listing.
    /// </summary>
    public OrganizationProfile SeenBy(Visibility highest)
    {
        bool Shows(string field) => VisibilityOf(field) <= highest;
        var contacts = Contacts.IsDefault ? [] : Contacts;
        return this with
        {
            Description = Shows(FieldVisibility.DescriptionField) ? Description : string.Empty,
            SpanishDescription = Shows(FieldVisibility.DescriptionField) ? SpanishDescription : null,
            Website = Shows(FieldVisibility.WebsiteField) ? Website : null,
            Services = Shows(FieldVisibility.ServicesField) ? Services : [],
            ServiceDescriptions = Shows(FieldVisibility.ServicesField) ? ServiceDescriptions : null,
            Populations = Shows(FieldVisibility.PopulationsField) ? Populations : [],
            Languages = Shows(FieldVisibility.LanguagesField) ? Languages : [],
            Hours = Shows(FieldVisibility.HoursField) ? Hours : null,
            Contacts = contacts.All(c => c.Visibility <= highest) ? contacts : [.. contacts.Where(c => c.Visibility <= highest)],
        };
    }
}

/// <summary>
/// Who sees each listing field an organization can withhold from the public (a youth shelter may keep its
/// hours or the populations it serves to network members). Name, kind, the counties served and whether it
/// accepts referrals are always public: they make a listing findable, and county news is public.
/// Contacts and addresses carry their own visibility.
/// </summary>
[GenerateSerializer, Immutable, Alias("cc.FieldVisibility")]
public sealed record FieldVisibility(
    [property: Id(0)] Visibility Description = Visibility.Public,
    [property: Id(1)] Visibility Website = Visibility.Public,
    [property: Id(2)] Visibility Services = Visibility.Public,
    [property: Id(3)] Visibility Populations = Visibility.Public,
    [property: Id(4)] Visibility Languages = Visibility.Public,
    [property: Id(5)] Visibility Hours = Visibility.Public)
{
    // The fields by the names the API, the history and change requests use.
    public const string DescriptionField = "description";
    public const string WebsiteField = "website";
    public const string ServicesField = "services";
    public const string PopulationsField = "populations";
    public const string LanguagesField = "languages";
    public const string HoursField = "hours";

    /// <summary>Every field that has a visibility of its own, in the order forms show them.</summary>
    public static readonly ImmutableArray<string> Fields =
        [DescriptionField, WebsiteField, ServicesField, PopulationsField, LanguagesField, HoursField];

    public static FieldVisibility AllPublic { get; } = new();

    public Visibility Of(string field) => field switch
    {
        DescriptionField => Description,
        WebsiteField => Website,
        ServicesField => Services,
        PopulationsField => Populations,
        LanguagesField => Languages,
        HoursField => Hours,
        _ => Visibility.Public,
    };

    public FieldVisibility With(string field, Visibility visibility) => field switch
    {
        DescriptionField => this with { Description = visibility },
        WebsiteField => this with { Website = visibility },
        ServicesField => this with { Services = visibility },
        PopulationsField => this with { Populations = visibility },
        LanguagesField => this with { Languages = visibility },
        HoursField => this with { Hours = visibility },
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Not a field with a visibility of its own."),
    };

    /// <summary>The fields not shown to the public, with their tier, e.g. "hours: Network" (for the history).</summary>
    public override string ToString() =>
        string.Join("; ", Fields.Where(f => Of(f) != Visibility.Public).Select(f => $"{f}: {Of(f)}"));
}

[GenerateSerializer, Immutable, Alias("cc.OrganizationMember")]
public sealed record OrganizationMember(
    [property: Id(0)] string UserId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] OrganizationRole Role);

/// <summary>An open invitation of a person (by e-mail address) to become a member with a role.</summary>
[GenerateSerializer, Immutable, Alias("cc.MemberInvitation")]
public sealed record MemberInvitation(
    [property: Id(0)] string Id,
    [property: Id(1)] string Email,
    [property: Id(2)] OrganizationRole Role,
    [property: Id(3)] DateTimeOffset InvitedAt,
    [property: Id(4)] string InvitedById,
    [property: Id(5)] string InvitedByName);

/// <summary>
/// One recorded change: who, when, and what changed from what to what. A change a curator accepted
/// from a change request also names who requested it (the actor is the curator who approved it).
/// </summary>
[GenerateSerializer, Immutable, Alias("cc.ChangeRecord")]
public sealed record ChangeRecord(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string ActorId,
    [property: Id(2)] string ActorName,
    [property: Id(3)] string Field,
    [property: Id(4)] string? OldValue,
    [property: Id(5)] string? NewValue,
    [property: Id(6)] string? RequestedById = null,
    [property: Id(7)] string? RequestedByName = null);

/// <summary>What the organization grain answers: everything it knows, for the caller to filter by visibility.</summary>
[GenerateSerializer, Immutable, Alias("cc.OrganizationDetails")]
public sealed record OrganizationDetails(
    [property: Id(0)] string Id,
    [property: Id(1)] OrganizationProfile Profile,
    [property: Id(2)] VerificationStatus Verification,
    [property: Id(3)] DateTimeOffset? VerifiedAt,
    [property: Id(4)] ImmutableArray<OrganizationMember> Members,
    [property: Id(5)] bool RequireTwoFactor,
    [property: Id(6)] long Version,
    [property: Id(7)] DateTimeOffset UpdatedAt);

/// <summary>An organization or agency of the network.</summary>
[Alias("cc.IOrganizationGrain")]
public interface IOrganizationGrain : IGrainWithStringKey
{
    [Alias("GetDetails")]
    Task<OrganizationDetails?> GetDetails();

    [Alias("Create")]
    Task<CommandResult> Create(OrganizationProfile profile, Actor actor);

    /// <summary>
    /// Applies a profile at once: an edit by a curator, an import, the system. Callers decide that
    /// the person may do so; an organization's own admins go through <see cref="SubmitProfile"/>.
    /// </summary>
    [Alias("UpdateProfile")]
    Task<CommandResult> UpdateProfile(OrganizationProfile profile, Actor actor);

    /// <summary>
    /// An edit by someone who is not a curator (an organization admin). On an unverified organization
    /// it applies at once, as <see cref="UpdateProfile"/>. On a verified one, changes of
    /// <see cref="VerifiedFields"/> wait in the organization's one open change request (replacing
    /// what that request held for them) and the rest applies at once.
    /// </summary>
    [Alias("SubmitProfile")]
    Task<CommandResult> SubmitProfile(OrganizationProfile profile, Actor actor);

    /// <summary>
    /// The listing as its admins asked for it: the profile with every field of the open change request
    /// applied. What an edit form starts from, so a second save keeps the first one's request.
    /// </summary>
    [Alias("GetRequestedProfile")]
    Task<OrganizationProfile?> GetRequestedProfile();

    /// <summary>The open change request (with the fields whose listing value changed since) and the newest decisions; null when the organization does not exist.</summary>
    [Alias("GetChangeReview")]
    Task<ChangeReview?> GetChangeReview();

    /// <summary>
    /// A curator's decisions on fields of the open request of <paramref name="revision"/>: accepted
    /// fields apply and are recorded with who requested and who approved them; rejected ones need a
    /// reason. All or nothing: one wrong decision changes nothing.
    /// </summary>
    [Alias("DecideChanges")]
    Task<CommandResult> DecideChanges(long revision, ImmutableArray<ChangeDecision> decisions, Actor curator);

    [Alias("SetVerification")]
    Task<CommandResult> SetVerification(VerificationStatus status, Actor actor);

    /// <summary>
    /// Verifies the listing again today: Verified with today's date, recorded even when it was
    /// already verified (a claim approved, a yearly re-verification).
    /// </summary>
    [Alias("Reverify")]
    Task<CommandResult> Reverify(Actor actor);

    /// <summary>
    /// Adds or changes a member at once. For the system only (an approved application makes its
    /// applicant an admin, the demo seed): people join through <see cref="InviteMember"/> and their own acceptance.
    /// </summary>
    [Alias("SetMember")]
    Task<CommandResult> SetMember(OrganizationMember member, Actor actor);

    /// <summary>Changes the role of an existing member; a user id that is not a member is refused.</summary>
    [Alias("ChangeMemberRole")]
    Task<CommandResult> ChangeMemberRole(string userId, OrganizationRole role, Actor actor);

    /// <summary>
    /// Invites the person with this e-mail address (an account or not yet) with a role. Nothing changes
    /// for their access until they accept; inviting the same address again replaces the role.
    /// </summary>
    [Alias("InviteMember")]
    Task<CommandResult> InviteMember(string email, OrganizationRole role, Actor actor);

    /// <summary>
    /// The invited person's answer: <paramref name="person"/> is who signed in, <paramref name="email"/> their
    /// account's (confirmed) address. Accepting makes them a member with the invited role.
    /// </summary>
    [Alias("AnswerMemberInvitation")]
    Task<CommandResult> AnswerMemberInvitation(string email, bool accept, Actor person);

    /// <summary>An admin withdraws an open invitation.</summary>
    [Alias("CancelMemberInvitation")]
    Task<CommandResult> CancelMemberInvitation(string invitationId, Actor actor);

    /// <summary>The open member invitations, oldest first.</summary>
    [Alias("GetMemberInvitations")]
    Task<ImmutableArray<MemberInvitation>> GetMemberInvitations();

    /// <summary>
    /// Records on the organization's own history a change of its place in a task force (invited, joined,
    /// declined, left, removed, role changed). Called by the task force, with the person who acted.
    /// Not announced: the task force announces it on its own topic, and the organization's topic
    /// (joined by every network member) carries nothing of its task forces.
    /// </summary>
    [Alias("RecordTaskForce")]
    Task<CommandResult> RecordTaskForce(string taskForceId, string? before, string? after, string summary, Actor actor);

    [Alias("RemoveMember")]
    Task<CommandResult> RemoveMember(string userId, Actor actor);

    [Alias("SetTwoFactorRequired")]
    Task<CommandResult> SetTwoFactorRequired(bool required, Actor actor);

    /// <summary>
    /// Checks a profile as <see cref="Create"/> (or <see cref="UpdateProfile"/> when the organization
    /// exists) would, and changes nothing: the dry run of an import.
    /// </summary>
    [Alias("CheckProfile")]
    Task<CommandResult> CheckProfile(OrganizationProfile profile);

    /// <summary>The newest recorded changes, newest first.</summary>
    [Alias("GetHistory")]
    Task<ImmutableArray<ChangeRecord>> GetHistory(int max);
}
