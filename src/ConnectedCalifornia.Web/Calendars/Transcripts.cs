using System.Collections.Immutable;
using System.Security.Claims;
using ConnectedCalifornia.Calendars;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Web.Authorization;
using ConnectedCalifornia.Web.Identity;
using Microsoft.AspNetCore.Identity;

namespace ConnectedCalifornia.Web.Calendars;

/// <summary>One completed training on a transcript, with its certificate's code.</summary>
public sealed record TranscriptLine(
    string CertificateCode,
    string EventId,
    string EventTitle,
    string TrainingType,
    decimal CreditHours,
    string? OrganizationId,
    string? OrganizationName,
    DateTimeOffset CompletedOn,
    bool Prop35);

/// <summary>A person's training transcript: every training they completed (newest first), the total credit hours, whether one was the Proposition 35 training.</summary>
/// <param name="TrainingOfficerOf">The organizations the person is an admin (a training officer) of: their staff training pages.</param>
public sealed record Transcript(string Name, ImmutableArray<TranscriptLine> Completions, decimal CreditHours, bool Prop35Trained, ImmutableArray<OrganizationOption> TrainingOfficerOf);

/// <summary>One staff member's training, as their agency's training officer sees it.</summary>
public sealed record StaffMemberTraining(string UserId, string Name, OrganizationRole Role, int Completions, decimal CreditHours, bool Prop35Trained, DateTimeOffset? LastCompleted, ImmutableArray<TranscriptLine> Lines);

/// <summary>
/// An organization's staff training: each member's completions (any agency they attended for), and the completions made
/// for the organization by people who are not (or no longer) on its staff list, as a count.
/// </summary>
/// <param name="Prop35Applies">A law-enforcement or prosecution agency: Proposition 35 requires its officers' training.</param>
public sealed record StaffTrainingReport(
    string OrganizationId,
    string Name,
    OrganizationKind Kind,
    bool Prop35Applies,
    ImmutableArray<StaffMemberTraining> Staff,
    int StaffWithoutProp35,
    int CompletionsByOthers);

/// <summary>A certificate's PDF, for the person allowed to download it.</summary>
public sealed record CertificateFile(string Code, byte[] Pdf);

/// <summary>What a download of a certificate's PDF came to.</summary>
public enum CertificateDownload
{
    Ok,
    NotFound,
    Forbidden,
}

/// <summary>
/// Transcripts, staff training and certificate PDFs, all read from the training records (<see cref="ITrainingRecordsGrain"/>).
/// Who may see what is decided by the <see cref="NetworkAuthorizer"/>; this service only reads and shapes.
/// </summary>
public sealed class TranscriptService(IGrainFactory grains, NetworkAuthorizer authorizer, CalendarService calendars, UserManager<ApplicationUser> users)
{
    private ITrainingRecordsGrain Records => grains.GetGrain<ITrainingRecordsGrain>(GrainKeys.TrainingRecords);

    /// <summary>The signed-in person's own transcript; null when nobody is signed in.</summary>
    public async Task<Transcript?> MineAsync(ClaimsPrincipal user)
    {
        if (user.UserId() is not { } userId || !await authorizer.IsAllowedAsync(user, NetworkAction.SignedIn))
        {
            return null;
        }

        var email = user.FindFirstValue(ClaimTypes.Email);
        var completions = await Records.GetTranscript(userId, string.IsNullOrWhiteSpace(email) ? null : TrainingPeople.KeyOf(email));
        var name = (await users.FindByIdAsync(userId))?.DisplayName ?? user.Identity?.Name ?? string.Empty;
        var lines = await LinesAsync(completions);
        var administered = (await authorizer.GetAccessAsync(user)).Organizations.Where(o => o.Value == OrganizationRole.Admin).Select(o => o.Key).ToImmutableArray();
        var names = await calendars.NamesAsync(administered);
        return new Transcript(name, lines, lines.Sum(l => l.CreditHours), lines.Any(l => l.Prop35),
            [.. administered.Select(id => new OrganizationOption(id, names.GetValueOrDefault(id, id))).OrderBy(o => o.Name, StringComparer.OrdinalIgnoreCase)]);
    }

    /// <summary>An organization's staff training; null when the person may not see it or the organization does not exist.</summary>
    public async Task<StaffTrainingReport?> StaffAsync(ClaimsPrincipal user, string organizationId)
    {
        if (!Identifiers.IsValidKey(organizationId)
            || !await authorizer.IsAllowedAsync(user, NetworkAction.ViewStaffTraining, organizationId)
            || await grains.GetGrain<IOrganizationGrain>(organizationId).GetDetails() is not { } organization)
        {
            return null;
        }

        var staff = new List<StaffMemberTraining>();
        var counted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in organization.Members.OrderBy(m => m.DisplayName, StringComparer.OrdinalIgnoreCase))
        {
            var email = (await users.FindByIdAsync(member.UserId))?.Email;
            // Only what the member completed for this organization: their trainings for other agencies are not its
            // training officers' to read (nor to download: the certificate rule is the same).
            var completions = (await Records.GetTranscript(member.UserId, string.IsNullOrWhiteSpace(email) ? null : TrainingPeople.KeyOf(email)))
                .Where(c => c.OrganizationId == organizationId).ToImmutableArray();
            counted.UnionWith(completions.Select(c => c.CertificateCode));
            var lines = await LinesAsync(completions);
            staff.Add(new StaffMemberTraining(
                member.UserId, member.DisplayName, member.Role, lines.Length, lines.Sum(l => l.CreditHours), lines.Any(l => l.Prop35),
                lines.IsEmpty ? null : lines.Max(l => l.CompletedOn), lines));
        }

        var others = (await Records.GetOrganization(organizationId)).Count(c => !counted.Contains(c.CertificateCode));
        var applies = organization.Profile.Kind is OrganizationKind.LawEnforcement or OrganizationKind.Prosecution;
        return new StaffTrainingReport(organizationId, organization.Profile.Name, organization.Profile.Kind, applies,
            [.. staff.OrderBy(s => s.Prop35Trained).ThenBy(s => s.Name, StringComparer.OrdinalIgnoreCase)], staff.Count(s => !s.Prop35Trained), others);
    }

    /// <summary>
    /// A certificate's PDF with its verification code and public address (<paramref name="baseUrl"/>): for the person it
    /// was issued to, their agency's training officers and curators. An unknown or revoked code is not found.
    /// </summary>
    public async Task<(CertificateDownload Outcome, CertificateFile? File)> PdfAsync(ClaimsPrincipal user, string? code, string baseUrl)
    {
        if (CertificateCodes.Normalize(code) is not { } normalized || await Records.GetCompletion(normalized) is not { } completion)
        {
            return (CertificateDownload.NotFound, null);
        }

        if (!await authorizer.MayDownloadCertificateAsync(user, completion))
        {
            return (CertificateDownload.Forbidden, null);
        }

        if (await calendars.VerifyAsync(normalized) is not { Valid: true } certificate)
        {
            return (CertificateDownload.NotFound, null);
        }

        return (CertificateDownload.Ok, new CertificateFile(normalized, CertificatePdf.Render(certificate, CertificatePdf.VerifyUrl(baseUrl, normalized))));
    }

    private async Task<ImmutableArray<TranscriptLine>> LinesAsync(ImmutableArray<TrainingCompletion> completions)
    {
        var names = await calendars.NamesAsync([.. completions.Select(c => c.OrganizationId).OfType<string>().Distinct(StringComparer.Ordinal)]);
        return [.. completions.Select(c => new TranscriptLine(
            c.CertificateCode, c.EventId, c.EventTitle, c.TrainingType, c.CreditHours, c.OrganizationId,
            c.OrganizationId is { } id ? names.GetValueOrDefault(id) : null, c.CompletedOn, c.IsProp35))];
    }
}
