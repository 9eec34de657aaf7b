using ConnectedCalifornia.Web.Authorization;
using ConnectedCalifornia.Web.Network;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConnectedCalifornia.Web.Calendars;

/// <summary>
/// Training records (issue 20): a person's own transcript, an organization's staff training for its training
/// officers (its admins) and curators, and a certificate's PDF for the person it was issued to, their agency's
/// training officers and curators. The public verification page and <c>GET /api/certificates/{code}</c> stay open to anyone.
/// </summary>
public static class TrainingApi
{
    public static IServiceCollection AddTraining(this IServiceCollection services) => services.AddScoped<TranscriptService>();

    public static IEndpointRouteBuilder MapTraining(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/account/transcript", TranscriptAsync).WithTags("Training").WithName("GetMyTranscript").RequireNetwork(NetworkAction.SignedIn)
            .WithSummary("The signed-in person's completed trainings (newest first) with their certificates' codes, the total credit hours, and whether one was the Proposition 35 training.");
        app.MapGet("/api/organizations/{organizationId}/training", StaffAsync).WithTags("Training").WithName("GetStaffTraining").RequireNetwork(NetworkAction.ViewStaffTraining)
            .WithSummary("Each staff member's completed trainings and credit hours, who has no Proposition 35 training, and completions for the organization by others: its admins (training officers) and curators.");
        app.MapGet("/api/certificates/{code}/pdf", PdfAsync).WithTags("Training").WithName("DownloadCertificatePdf").RequireNetwork(NetworkAction.SignedIn)
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .WithSummary("The certificate as a PDF with its verification code and public address: the person it was issued to, their agency's training officers and curators (403 for anyone else, 404 for an unknown or revoked code).");
        return app;
    }

    private static async Task<Results<Ok<Transcript>, ForbidHttpResult>> TranscriptAsync(TranscriptService service, HttpContext http) =>
        await service.MineAsync(http.User) is { } transcript ? TypedResults.Ok(transcript) : TypedResults.Forbid();

    private static async Task<Results<Ok<StaffTrainingReport>, NotFound<ApiResults.ProblemDetailsBody>>> StaffAsync(TranscriptService service, HttpContext http, string organizationId) =>
        await service.StaffAsync(http.User, organizationId) is { } report
            ? TypedResults.Ok(report)
            : TypedResults.NotFound(new ApiResults.ProblemDetailsBody("Not found", "No such organization."));

    private static async Task<IResult> PdfAsync(TranscriptService service, HttpContext http, string code)
    {
        var (outcome, file) = await service.PdfAsync(http.User, code, CalendarApi.BaseUrl(http));
        return outcome switch
        {
            CertificateDownload.Ok => TypedResults.File(file!.Pdf, "application/pdf", $"certificate-{file.Code}.pdf"),
            CertificateDownload.Forbidden => TypedResults.Problem(title: "Forbidden", detail: "Only the person the certificate was issued to, their agency's training officers and curators may download it; anyone may verify it at /certificates/{code}.", statusCode: StatusCodes.Status403Forbidden),
            _ => TypedResults.NotFound(new ApiResults.ProblemDetailsBody("Not found", "No valid certificate has this code.")),
        };
    }
}
