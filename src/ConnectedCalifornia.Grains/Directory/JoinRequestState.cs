using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace ConnectedCalifornia.Directory;

/// <summary>What a join-request grain stores: the request, its status and who changed what when.</summary>
[GenerateSerializer, Immutable, Alias("cc.JoinRequestState")]
public sealed record JoinRequestState
{
    [Id(0)]
    public JoinRequestKind Kind { get; init; }

    [Id(1)]
    public string OrganizationId { get; init; } = string.Empty;

    [Id(2)]
    public string OrganizationName { get; init; } = string.Empty;

    /// <summary>The proposed profile (applications only).</summary>
    [Id(3)]
    public OrganizationProfile? Profile { get; init; }

    [Id(4)]
    public string Note { get; init; } = string.Empty;

    /// <summary>Null until the request is submitted.</summary>
    [Id(5)]
    public string? ApplicantId { get; init; }

    [Id(6)]
    public string ApplicantName { get; init; } = string.Empty;

    [Id(7)]
    public JoinRequestStatus Status { get; init; }

    /// <summary>The curator's reason for the latest request for changes or rejection.</summary>
    [Id(8)]
    public string? Reason { get; init; }

    [Id(9)]
    public DateTimeOffset SubmittedAt { get; init; }

    [Id(10)]
    public DateTimeOffset UpdatedAt { get; init; }

    [Id(11)]
    public long Version { get; init; }

    /// <summary>The newest change records, oldest first.</summary>
    [Id(12)]
    public ImmutableArray<ChangeRecord> History { get; init; } = [];

    /// <summary>
    /// Set while an approval is under way (the organization may already be created): a retried
    /// approval then continues instead of refusing the organization it created itself.
    /// </summary>
    [Id(13)]
    public string? ApprovingById { get; init; }

    /// <summary>Notifications written with the change that caused them, not yet handed to the outbox.</summary>
    [Id(14)]
    public ImmutableArray<ConnectedCalifornia.Notifications.Notification> Outbox { get; init; } = [];

    /// <summary>The address of an applicant without an account (null for requests made signed in).</summary>
    [Id(15)]
    public string? ApplicantEmail { get; init; }

    /// <summary>When the applicant without an account confirmed their address.</summary>
    [Id(16)]
    public DateTimeOffset? EmailConfirmedAt { get; init; }

    /// <summary>The language of the page an applicant without an account applied from ("es", or null for English): their messages are written in it.</summary>
    [Id(17)]
    public string? ApplicantLanguage { get; init; }

    [JsonIgnore]
    public bool IsPublic => ApplicantEmail is not null;

    [JsonIgnore]
    public bool Exists => ApplicantId is not null;

    [JsonIgnore]
    public bool IsOpen => Exists && Status is JoinRequestStatus.Submitted or JoinRequestStatus.ChangesRequested;
}
