using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;

namespace ConnectedCalifornia.Calendars;

/// <summary>
/// One completed training (a certificate), as the training records keep it: what was completed, for which
/// agency, and whose it is. <paramref name="PersonKey"/> is a one-way key of the registrant's e-mail address
/// (<see cref="TrainingPeople.KeyOf"/>), so the same person counts once however many trainings they complete;
/// <paramref name="UserId"/> is their account when they registered signed in. No name and no address is kept here:
/// the certificate holds the name.
/// </summary>
[GenerateSerializer, Immutable, Alias("cc.TrainingCompletion")]
public sealed record TrainingCompletion(
    [property: Id(0)] string CertificateCode,
    [property: Id(1)] string EventId,
    [property: Id(2)] string EventTitle,
    [property: Id(3)] string TrainingType,
    [property: Id(4)] decimal CreditHours,
    [property: Id(5)] string? OrganizationId,
    [property: Id(6)] DateTimeOffset CompletedOn,
    [property: Id(7)] string PersonKey,
    [property: Id(8)] string? UserId)
{
    /// <summary>A Proposition 35 (CASE Act) training for law enforcement: see <see cref="Prop35.IsProp35"/>.</summary>
    public bool IsProp35 => Prop35.IsProp35(TrainingType) || Prop35.IsProp35(EventTitle);
}

/// <summary>Every completion the records hold, with the revision they had (it moves on with every change).</summary>
[GenerateSerializer, Immutable, Alias("cc.TrainingCompletionSet")]
public sealed record TrainingCompletionSet(
    [property: Id(0)] long Revision,
    [property: Id(1)] ImmutableArray<TrainingCompletion> Completions);

/// <summary>
/// The training records (key <see cref="Network.GrainKeys.TrainingRecords"/>): every completion, written by the
/// event grain when attendance issues or revokes a certificate. A person's transcript, an agency's staff training
/// and the training-coverage insights are read from it; the last one only when its revision moved on.
/// </summary>
[Alias("cc.ITrainingRecordsGrain")]
public interface ITrainingRecordsGrain : IGrainWithStringKey
{
    /// <summary>Adds a completion (a certificate was issued) or removes it (revoked); the revision moves on when anything changed.</summary>
    [Alias("Record")]
    Task Record(TrainingCompletion completion, bool completed);

    /// <summary>Every completion, or null when the records are still at <paramref name="knownRevision"/>.</summary>
    [Alias("GetCompletions")]
    Task<TrainingCompletionSet?> GetCompletions(long knownRevision);

    /// <summary>One person's completions: those made under their account, or under their e-mail address without one.</summary>
    [Alias("GetTranscript")]
    Task<ImmutableArray<TrainingCompletion>> GetTranscript(string userId, string? personKey);

    /// <summary>The completions made for one agency.</summary>
    [Alias("GetOrganization")]
    Task<ImmutableArray<TrainingCompletion>> GetOrganization(string organizationId);

    /// <summary>The completion of a certificate; null for an unknown or revoked one.</summary>
    [Alias("GetCompletion")]
    Task<TrainingCompletion?> GetCompletion(string certificateCode);

    /// <summary>
    /// The demo's past completions (their certificates issued by the caller): added only while the records hold
    /// no seeded completion yet; true when added.
    /// </summary>
    [Alias("SeedCompletions")]
    Task<bool> SeedCompletions(ImmutableArray<TrainingCompletion> completions);
}

/// <summary>Proposition 35 (the CASE Act, 2012): law-enforcement officers take a two-hour human-trafficking training.</summary>
public static class Prop35
{
    /// <summary>The training type the demo and the event form suggest for it.</summary>
    public const string TrainingType = "Proposition 35 two-hour human trafficking training for law enforcement";

    /// <summary>
    /// Whether a training type (or title) names Proposition 35 or the CASE Act: "Proposition 35", "Prop 35",
    /// "Prop. 35" or "CASE Act", in any case. Hosts name it so; nothing else marks it.
    /// </summary>
    public static bool IsProp35(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var t = text.ToUpperInvariant().Replace(".", " ", StringComparison.Ordinal);
        return t.Contains("CASE ACT", StringComparison.Ordinal)
            || System.Text.RegularExpressions.Regex.IsMatch(t, @"\bPROP(OSITION)?\s+35\b");
    }
}

/// <summary>Who a completion belongs to, without keeping the address itself.</summary>
public static class TrainingPeople
{
    /// <summary>A one-way key of an e-mail address (trimmed, case ignored): SHA-256, the first 32 hex digits.</summary>
    public static string KeyOf(string email) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToUpperInvariant())))[..32];
}
