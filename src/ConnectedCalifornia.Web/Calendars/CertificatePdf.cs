using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;
using QRCoder;

namespace ConnectedCalifornia.Web.Calendars;

/// <summary>
/// A training certificate as a one-page PDF (PDFsharp 6.2.4, MIT): who, which training, when, the credit hours,
/// the verification code and the public verification address, with a QR code of that address drawn as vector
/// squares (QRCoder's module matrix, no image decoding). The fonts are DejaVu Sans, shipped inside the assembly,
/// so a machine with no fonts installed makes the same PDF.
/// </summary>
public static class CertificatePdf
{
    public const string Family = "DejaVu Sans";

    private static readonly Lock Gate = new();

    /// <summary>The PDF of one certificate; <paramref name="verifyUrl"/> is its public verification page.</summary>
    public static byte[] Render(CertificateView certificate, string verifyUrl)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        EnsureFonts();
        var invariant = CultureInfo.InvariantCulture;
        using var document = new PdfDocument();
        document.Info.Title = $"Certificate of completion {certificate.Code}";
        document.Info.Subject = $"Verify at {verifyUrl}";
        document.Info.Author = "Connected California";
        document.Info.Keywords = certificate.Code;
        var page = document.AddPage();
        page.Size = PdfSharp.PageSize.Letter;
        page.Orientation = PdfSharp.PageOrientation.Landscape;
        using (var gfx = XGraphics.FromPdfPage(page))
        {
            var width = page.Width.Point;
            var height = page.Height.Point;
            var small = new XFont(Family, 11, XFontStyleEx.Regular);
            var body = new XFont(Family, 14, XFontStyleEx.Regular);
            var bold = new XFont(Family, 16, XFontStyleEx.Bold);
            var title = new XFont(Family, 28, XFontStyleEx.Bold);
            var name = new XFont(Family, 26, XFontStyleEx.Bold);
            var ink = new XSolidBrush(XColor.FromArgb(0x1F, 0x2A, 0x44));
            var muted = new XSolidBrush(XColor.FromArgb(0x4A, 0x55, 0x68));
            gfx.DrawRectangle(new XPen(XColor.FromArgb(0x1F, 0x4E, 0x79), 3), 24, 24, width - 48, height - 48);

            var y = 70.0;
            void Line(string text, XFont font, XBrush brush, double gap)
            {
                gfx.DrawString(text, font, brush, new XRect(48, y, width - 96, font.Size * 1.4), XStringFormats.TopCenter);
                y += font.Size * 1.4 + gap;
            }

            Line("Connected California", small, muted, 6);
            Line("Certificate of completion", title, ink, 18);
            Line("This certifies that", body, muted, 6);
            Line(certificate.RecipientName, name, ink, 6);
            if (certificate.OrganizationName is { } agency)
            {
                Line($"of {agency}", body, muted, 6);
            }

            Line("completed", body, muted, 4);
            Line(Fit(certificate.TrainingType, 90), bold, ink, 2);
            Line($"({Fit(certificate.EventTitle, 110)})", small, muted, 10);
            Line($"{certificate.CreditHours.ToString("0.##", invariant)} credit hours · {Components.Shared.Pacific.ToPacific(certificate.CompletedOn).ToString("MMMM d, yyyy", invariant)}", bold, ink, 18);
            if (!certificate.Valid)
            {
                Line("REVOKED: this certificate is no longer valid.", bold, new XSolidBrush(XColor.FromArgb(0xB0, 0x00, 0x20)), 6);
            }

            var qrSize = 96.0;
            var bottom = height - 48 - qrSize - 12;
            DrawQr(gfx, verifyUrl, width - 48 - 12 - qrSize, bottom, qrSize);
            gfx.DrawString($"Verification code {certificate.Code}", bold, ink, new XRect(60, bottom + 20, width - 200, 24), XStringFormats.TopLeft);
            gfx.DrawString($"Verify at {verifyUrl}", small, muted, new XRect(60, bottom + 50, width - 200, 18), XStringFormats.TopLeft);
        }

        using var stream = new MemoryStream();
        document.Save(stream, false);
        return stream.ToArray();
    }

    /// <summary>The public page that verifies a code, under this site's address.</summary>
    public static string VerifyUrl(string baseUrl, string code) => $"{baseUrl.TrimEnd('/')}/certificates/{code}";

    private static string Fit(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static void DrawQr(XGraphics gfx, string text, double x, double y, double size)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var modules = data.ModuleMatrix;
        var cell = size / modules.Count;
        for (var row = 0; row < modules.Count; row++)
        {
            for (var column = 0; column < modules.Count; column++)
            {
                if (modules[row][column])
                {
                    gfx.DrawRectangle(XBrushes.Black, x + column * cell, y + row * cell, cell + 0.05, cell + 0.05);
                }
            }
        }
    }

    private static void EnsureFonts()
    {
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is not EmbeddedFonts)
            {
                GlobalFontSettings.FontResolver = new EmbeddedFonts();
            }
        }
    }

    /// <summary>DejaVu Sans regular and bold from the assembly's resources; every family asked for gets them.</summary>
    private sealed class EmbeddedFonts : IFontResolver
    {
        private const string Regular = "DejaVuSans";
        private const string Bold = "DejaVuSans-Bold";

        public FontResolverInfo? ResolveTypeface(string familyName, bool isBold, bool isItalic) =>
            new(isBold ? Bold : Regular, false, isItalic);

        public byte[]? GetFont(string faceName)
        {
            using var stream = typeof(CertificatePdf).Assembly.GetManifestResourceStream($"ConnectedCalifornia.Web.Calendars.Fonts.{faceName}.ttf")
                ?? throw new InvalidOperationException($"The font {faceName} is not embedded in the Web assembly.");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
    }
}
