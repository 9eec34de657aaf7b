using QRCoder;

namespace ConnectedCalifornia.Web.Identity;

/// <summary>
/// The authenticator set-up's QR code, drawn on the server with QRCoder as a PNG <c>data:</c> URI: no script
/// runs in the browser (the CSP allows none inline) and the shared key never leaves the page's own HTML.
/// </summary>
public static class AuthenticatorQrCode
{
    /// <summary>A PNG of the otpauth URI, 6 pixels per module, medium error correction.</summary>
    public static string PngDataUri(string otpauthUri)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(otpauthUri, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(6);
        return "data:image/png;base64," + Convert.ToBase64String(png);
    }
}
