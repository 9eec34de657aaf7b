using MimeKit;

namespace ConnectedCalifornia.Web.Notifications;

/// <summary>Reads the <c>.eml</c> files of the pickup directory for the development page /dev/mail.</summary>
public static class DevMailFiles
{
    public sealed record Listed(string File, string Subject, string To, DateTimeOffset Written);

    public sealed record Opened(string Subject, string From, string To, DateTimeOffset Date, string? Unsubscribe, IReadOnlyList<string> Attachments, string Text);

    /// <summary>The newest <paramref name="max"/> messages (headers only) and how many more there are.</summary>
    public static (List<Listed> Messages, int More) List(string directory, int max)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            return ([], 0);
        }

        var files = new DirectoryInfo(directory).GetFiles("*.eml").OrderByDescending(f => f.LastWriteTimeUtc).ToList();
        var listed = new List<Listed>();
        foreach (var file in files.Take(max))
        {
            try
            {
                using var stream = file.OpenRead();
                var headers = HeaderList.Load(stream);
                listed.Add(new Listed(file.Name, headers[HeaderId.Subject] ?? "(no subject)", headers[HeaderId.To] ?? string.Empty, file.LastWriteTimeUtc));
            }
            catch (Exception exception) when (exception is IOException or FormatException or UnauthorizedAccessException)
            {
                // Being written or not a message: left out of this listing.
            }
        }

        return (listed, Math.Max(0, files.Count - max));
    }

    /// <summary>One message by its file name; null for a name that is not a listed file (no paths, nothing outside the directory).</summary>
    public static Opened? Open(string directory, string fileName)
    {
        if (!IsFileName(fileName))
        {
            return null;
        }

        var path = Path.Combine(directory, fileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var message = MimeMessage.Load(path);
            var text = message.TextBody ?? message.HtmlBody ?? string.Empty;
            return new Opened(
                message.Subject ?? "(no subject)",
                message.From.ToString(),
                message.To.ToString(),
                message.Date,
                message.Headers[HeaderId.ListUnsubscribe],
                [.. message.Attachments.Select(a => a.ContentDisposition?.FileName ?? a.ContentType.MimeType)],
                text);
        }
        catch (Exception exception) when (exception is IOException or FormatException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool IsFileName(string name) =>
        name.Length is > 4 and <= 255
        && name.EndsWith(".eml", StringComparison.Ordinal)
        && name[0] != '.'
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_');
}
