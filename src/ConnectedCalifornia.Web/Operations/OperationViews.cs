using System.Collections.Immutable;
using ConnectedCalifornia.Operations;
using ConnectedCalifornia.TaskForces;

namespace ConnectedCalifornia.Web.Operations;

/// <summary>One line of an operation list, for people who may see the operation.</summary>
public sealed record OperationListItem(
    string Id,
    string TaskForceId,
    string Title,
    OperationStatus Status,
    DateTimeOffset Start,
    DateTimeOffset End,
    ImmutableArray<string> CountyNames,
    string LeadAgencyId);

public sealed record ParticipantView(string OrganizationId, string Name, TaskForceOrganizationRole Role);

public sealed record StandbyReplyView(string OrganizationId, string Name, StandbyResponse Response, int Advocates, string Note, DateTimeOffset At, string ByName);

/// <summary>A standby request with the answers so far; <see cref="Waiting"/> lists the organizations that have not answered.</summary>
public sealed record StandbyView(
    string Id,
    StandbyRequest Request,
    ImmutableArray<string> OrganizationNames,
    DateTimeOffset Start,
    DateTimeOffset End,
    DateTimeOffset SentAt,
    string SentByName,
    ImmutableArray<StandbyReplyView> Replies,
    ImmutableArray<string> Waiting)
{
    public int AdvocatesStandingBy => Replies.Sum(r => r.Advocates);
}

/// <summary>A count of the after-action summary: null <see cref="Value"/> means suppressed (1–4, shown as "fewer than 5").</summary>
public sealed record SummaryCount(string Label, int? Value, string Display);

public sealed record OperationSummaryView(SummaryCount PeopleAssisted, SummaryCount Referrals, ImmutableArray<SummaryCount> ServicesUsed, bool Recorded);

/// <summary>What this person may do on the operation page.</summary>
/// <param name="MyOrganizations">The participating organizations this person belongs to (they answer standby and post for these).</param>
public sealed record OperationPermissions(bool Manage, ImmutableArray<string> MyOrganizations, bool SeesLocation);

/// <summary>
/// An operation as one person may see it. <see cref="ExactLocation"/> is null for people who may
/// not see it (only law-enforcement participants, unless the lead shares it); deconfliction
/// warnings are for the people who run the operation only.
/// </summary>
public sealed record OperationView(
    string Id,
    string TaskForceId,
    string TaskForceName,
    string Title,
    OperationType Type,
    OperationStatus Status,
    DateTimeOffset Start,
    DateTimeOffset End,
    ImmutableArray<string> Counties,
    ImmutableArray<string> CountyNames,
    string GeneralArea,
    string? ExactLocation,
    bool ShareLocation,
    string LeadAgencyId,
    string LeadAgencyName,
    ImmutableArray<ParticipantView> Participants,
    ImmutableArray<OperationAssignment> Assignments,
    ImmutableArray<StandbyView> Standby,
    ImmutableArray<OperationHold> Holds,
    ImmutableArray<TimelineEntry> Timeline,
    int ReferralsLinked,
    ImmutableArray<ReviewItem> ReviewItems,
    OperationSummaryView Summary,
    ImmutableArray<DeconflictionWarning> Warnings,
    long Version,
    DateTimeOffset UpdatedAt,
    OperationPermissions Permissions);

/// <summary>The body of a new operation (or of a changed plan).</summary>
public sealed record OperationPlanRequest(
    string? Title,
    OperationType Type,
    DateTimeOffset Start,
    DateTimeOffset End,
    ImmutableArray<string>? Counties,
    string? GeneralArea,
    string? ExactLocation,
    bool ShareLocation,
    string? LeadAgencyId);

public sealed record StandbyRequestBody(
    ImmutableArray<string>? OrganizationIds,
    int ExpectedPeople,
    ExpectedAges Ages,
    ImmutableArray<string>? Languages,
    string? SafetyRisks,
    string? HousingNeeds);
