using System.Collections.Immutable;

namespace ConnectedCalifornia.Notifications;

/// <summary>
/// Something that happened that a person should hear of even when they are not looking at the screen:
/// one message of one kind to one or more audiences. A grain records it in its own state in the same
/// write as the change that causes it and hands it to the outbox; the web nodes' delivery loop turns it
/// into an in-app notification and an e-mail per person (docs/notifications.md).
/// </summary>
/// <param name="Id">Stable and unique (e.g. <c>event:train-42:v7:registered:3f2a</c>): the outbox keeps it once, and the e-mail's Message-ID is derived from it, so a notification handed over twice is delivered once.</param>
/// <param name="Kind">One of <see cref="NotificationKinds"/>.</param>
/// <param name="At">When the change happened.</param>
/// <param name="To">Who it goes to; resolved to people when it is delivered.</param>
/// <param name="Facts">What the message may say: names of organizations and events, codes, times, urgency. Never survivor data, never a person's free text.</param>
/// <param name="Link">Where the message leads in the app (a path such as <c>/referrals/rf-7k3q9m2d4x</c>).</param>
[GenerateSerializer, Immutable, Alias("cc.Notification")]
public sealed record Notification(
    [property: Id(0)] string Id,
    [property: Id(1)] string Kind,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] ImmutableArray<NotificationAudience> To,
    [property: Id(4)] ImmutableSortedDictionary<string, string> Facts,
    [property: Id(5)] string? Link)
{
    /// <summary>A fact by name, or null.</summary>
    public string? Fact(string name) => Facts is not null && Facts.TryGetValue(name, out var value) ? value : null;
}

/// <summary>One audience of a notification: a person, an address, or a group resolved when it is delivered.</summary>
/// <param name="Kind">One of the constants below.</param>
/// <param name="Id">The person's id, the e-mail address, the organization's or task force's id; empty for the curators and system admins.</param>
/// <param name="Name">How to greet an address without an account (a public registrant's name).</param>
/// <param name="Language">The language to write to an address without an account in (<c>es</c> or <c>en</c>: the page they used); people with an account are written to in their saved language.</param>
[GenerateSerializer, Immutable, Alias("cc.NotificationAudience")]
public sealed record NotificationAudience(
    [property: Id(0)] string Kind,
    [property: Id(1)] string Id,
    [property: Id(2)] string? Name = null,
    [property: Id(3)] string? Language = null)
{
    public const string PersonKind = "person";
    public const string AddressKind = "address";
    public const string OrganizationMembersKind = "org-members";
    public const string OrganizationAdminsKind = "org-admins";
    public const string TaskForceLeadsKind = "task-force-leads";
    public const string CuratorsKind = "curators";
    public const string SystemAdminsKind = "system-admins";

    /// <summary>A person with an account (by user id).</summary>
    public static NotificationAudience Person(string userId) => new(PersonKind, userId);

    /// <summary>Someone without an account, by the address they gave (a public registrant, an applicant).</summary>
    public static NotificationAudience Address(string email, string? name, string? language = null) => new(AddressKind, email, name, language);

    /// <summary>Every member (staff and admins) of an organization.</summary>
    public static NotificationAudience OrganizationMembers(string organizationId) => new(OrganizationMembersKind, organizationId);

    /// <summary>The admins of an organization.</summary>
    public static NotificationAudience OrganizationAdmins(string organizationId) => new(OrganizationAdminsKind, organizationId);

    /// <summary>The leads of a task force.</summary>
    public static NotificationAudience TaskForceLeads(string taskForceId) => new(TaskForceLeadsKind, taskForceId);

    /// <summary>The network's curators.</summary>
    public static NotificationAudience Curators() => new(CuratorsKind, string.Empty);

    /// <summary>The system admins.</summary>
    public static NotificationAudience SystemAdmins() => new(SystemAdminsKind, string.Empty);
}

/// <summary>How a person wants a kind of notification by e-mail (the app's notification center always shows it).</summary>
public enum EmailDelivery
{
    Immediately,
    DailyDigest,
    Off,
}

/// <summary>One kind of notification: its group and label in the preferences, and whether it may be turned off.</summary>
/// <param name="Name">The kind's name (<c>referral.new</c>).</param>
/// <param name="Group">The heading it is listed under in the preferences.</param>
/// <param name="Label">What it is, in words.</param>
/// <param name="Mandatory">Account security and urgent referrals: always sent at once, cannot be turned off or put into a digest.</param>
/// <param name="Unsubscribable">Sent to public registrants with a one-click unsubscribe (RFC 8058).</param>
public sealed record NotificationKind(string Name, string Group, string Label, bool Mandatory = false, bool Unsubscribable = false);

/// <summary>Every kind of notification the network sends, in the order the preferences list them.</summary>
public static class NotificationKinds
{
    public const string ReferralNew = "referral.new";
    public const string ReferralUrgent = "referral.urgent";
    public const string ReferralOverdue = "referral.overdue";
    public const string ReferralAnswered = "referral.answered";
    public const string ReferralConsentWithdrawn = "referral.consent-withdrawn";
    public const string ReferralExpiring = "referral.expiring";

    public const string TaskForceInvitation = "task-force.invitation";
    public const string OperationStandby = "operation.standby";
    public const string OperationActivated = "operation.activated";
    public const string OperationChanged = "operation.changed";
    public const string OperationClosed = "operation.closed";
    public const string OperationActionItem = "operation.action-item";

    public const string JoinReceived = "join.received";
    public const string JoinDecided = "join.decided";
    public const string ChangeRequestDecided = "change-request.decided";
    public const string ReverificationDue = "reverification.due";

    public const string EventRegistered = "event.registered";
    public const string EventWaitlistPromoted = "event.waitlist-promoted";
    public const string EventReminder = "event.reminder";
    public const string EventChanged = "event.changed";
    public const string EventCancelled = "event.cancelled";
    public const string EventCertificate = "event.certificate";
    public const string EventAttendancePrompt = "event.attendance-prompt";

    public const string AccountInvitation = "account.invitation";
    public const string AccountPasswordReset = "account.password-reset";
    public const string AccountEmailChange = "account.email-change";
    public const string AccountTwoFactorOff = "account.two-factor-off";

    public static readonly ImmutableArray<NotificationKind> All =
    [
        new(ReferralUrgent, "Referrals", "A new urgent referral to your organization", Mandatory: true),
        new(ReferralNew, "Referrals", "A new routine referral to your organization"),
        new(ReferralOverdue, "Referrals", "A referral waiting past its answer time"),
        new(ReferralAnswered, "Referrals", "A referral you sent was accepted or declined"),
        new(ReferralConsentWithdrawn, "Referrals", "Consent withdrawn on a referral"),
        new(ReferralExpiring, "Referrals", "A referral about to expire"),

        new(TaskForceInvitation, "Task forces and operations", "An invitation to join a task force"),
        new(OperationStandby, "Task forces and operations", "A request to stand by for an operation"),
        new(OperationActivated, "Task forces and operations", "An operation you are part of is active"),
        new(OperationChanged, "Task forces and operations", "An operation's time or place changed"),
        new(OperationClosed, "Task forces and operations", "An operation was closed"),
        new(OperationActionItem, "Task forces and operations", "An after-action item assigned to you or due"),

        new(JoinReceived, "Directory", "A new application to join the network"),
        new(JoinDecided, "Directory", "A decision on an application"),
        new(ChangeRequestDecided, "Directory", "A decision on a listing change you asked for"),
        new(ReverificationDue, "Directory", "Your listing is due for its yearly check"),

        new(EventRegistered, "Events and trainings", "Registration confirmations"),
        new(EventWaitlistPromoted, "Events and trainings", "A seat came free for you"),
        new(EventReminder, "Events and trainings", "Reminders a day and two hours before", Unsubscribable: true),
        new(EventChanged, "Events and trainings", "An event you registered for changed"),
        new(EventCancelled, "Events and trainings", "An event you registered for was cancelled"),
        new(EventCertificate, "Events and trainings", "A training certificate issued to you"),
        new(EventAttendancePrompt, "Events and trainings", "An event you host ended: mark who attended"),

        new(AccountInvitation, "Your account", "An invitation to the network", Mandatory: true),
        new(AccountPasswordReset, "Your account", "A password reset you asked for", Mandatory: true),
        new(AccountEmailChange, "Your account", "Confirming a new e-mail address", Mandatory: true),
        new(AccountTwoFactorOff, "Your account", "Two-factor sign-in turned off", Mandatory: true),
    ];

    private static readonly ImmutableDictionary<string, NotificationKind> ByName = All.ToImmutableDictionary(k => k.Name, StringComparer.Ordinal);

    /// <summary>The kind by name, or null for a name the network does not send.</summary>
    public static NotificationKind? Find(string? name) => name is not null && ByName.TryGetValue(name, out var kind) ? kind : null;
}
