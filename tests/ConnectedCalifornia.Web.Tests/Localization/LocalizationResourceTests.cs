using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using ConnectedCalifornia.Web.Components.Shared;
using ConnectedCalifornia.Web.Localization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ConnectedCalifornia.Web.Tests.Localization;

/// <summary>
/// The pseudo-locale check of the source: every text a page asks its localizer for (<c>T["..."]</c>, <c>V["..."]</c>,
/// <c>T.Say($"...")</c>) has a Spanish entry in the resource file of that localizer's marker, and every Spanish
/// template keeps the placeholders of its English key. A new English text on a covered page without its Spanish
/// fails here, before anyone sees it on a page.
/// </summary>
public sealed partial class LocalizationResourceTests
{
    private static readonly string Web = Path.Combine(RepositoryRoot(), "src", "ConnectedCalifornia.Web");

    /// <summary>The pages this test holds to Spanish (issue 18): each must use a localizer.</summary>
    private static readonly string[] CoveredPages =
    [
        "Components/Pages/Home.razor",
        "Components/Layout/MainLayout.razor",
        "Components/Layout/NavMenu.razor",
        "Components/Shared/Hotline.razor",
        "Components/Shared/QuickExit.razor",
        "Components/Shared/TermChips.razor",
        "Components/Pages/Directory/Organizations.razor",
        "Components/Pages/Directory/OrganizationPage.razor",
        "Components/Pages/Calendars/CalendarPage.razor",
        "Components/Pages/Calendars/EventPage.razor",
        "Components/Pages/Calendars/EventCard.razor",
        "Components/Pages/Calendars/CertificatePage.razor",
        "Components/Pages/Joining/Join.razor",
        "Components/Pages/Joining/JoinProfileForm.razor",
        "Components/Pages/Joining/JoinStatus.razor",
        "Components/Account/Pages/Login.razor",
        "Components/Account/Pages/ForgotPassword.razor",
        "Components/Account/Pages/ResetPassword.razor",
        "Components/Account/Pages/Lockout.razor",
        "Components/Account/Pages/LoginWith2fa.razor",
        "Components/Account/Pages/LoginWithRecoveryCode.razor",
        "Components/Pages/Capacity/BedBoard.razor",
        "Components/Pages/Capacity/CategoryFilter.razor",
        "Components/Pages/Capacity/CountyMap.razor",
        "Components/Pages/Capacity/StaleNudge.razor",
        "Components/Pages/Referrals/MyReferrals.razor",
        "Components/Pages/Referrals/ReferralBoxes.razor",
        "Components/Pages/Referrals/ReferralTable.razor",
        "Components/Pages/Insights/CoveragePage.razor",
        "Components/Pages/Insights/CoverageMap.razor",
        "Components/Pages/Insights/ReferralOutcomesPage.razor",
        "Components/Pages/Insights/CapacityTrendPage.razor",
        "Components/Pages/Insights/TrainingCoveragePage.razor",
        "Components/Pages/Training/TranscriptPage.razor",
        "Components/Pages/Training/StaffTrainingPage.razor",
        .. BedAndReferralPages,
        .. EverydayPages,
        .. NetworkPages,
    ];



    [Fact]
    public void PseudoLocale_every_text_a_covered_page_asks_for_has_a_spanish_entry()
    {
        var missing = new List<string>();
        var checkedKeys = 0;
        foreach (var page in CoveredPages)
        {
            var path = Path.Combine(Web, page);
            var localizers = LocalizersOf(path);
            Assert.True(localizers.Count > 0, $"{page} uses no localizer: its texts would stay English");
            var razor = File.ReadAllText(path);
            foreach (var (name, marker) in localizers)
            {
                var spanish = SpanishOf(marker);
                foreach (Match m in Regex.Matches(razor, $@"(?<![\w.]){name}\[""((?:[^""\\]|\\.)*)""[\],]"))
                {
                    checkedKeys++;
                    var key = Regex.Unescape(m.Groups[1].Value);
                    if (!spanish.ContainsKey(key))
                    {
                        missing.Add($"{page}: {marker} has no Spanish for \"{key}\"");
                    }
                }

                // An interpolated text said through its template: "{seats} of {capacity} seats left" → "{0} of {1} seats left".
                foreach (Match m in Regex.Matches(razor, $@"(?<![\w.]){name}\.Say\(\$""((?:[^""\\]|\\.)*)""\)"))
                {
                    checkedKeys++;
                    var n = 0;
                    var template = Regex.Replace(m.Groups[1].Value, @"\{[^{}]*(\{[^{}]*\}[^{}]*)*\}", _ => "{" + n++ + "}").Replace("\\\"", "\"", StringComparison.Ordinal);
                    if (!spanish.ContainsKey(template))
                    {
                        missing.Add($"{page}: {marker} has no Spanish template for \"{template}\"");
                    }
                }
            }
        }

        Assert.True(checkedKeys > 300, $"only {checkedKeys} texts were found: the scan no longer reads the pages");
        Assert.True(missing.Count == 0, string.Join(Environment.NewLine, missing));
    }

    [Fact]
    public void PseudoLocale_every_spanish_entry_keeps_the_placeholders_of_its_english_key_and_is_not_empty()
    {
        var wrong = new List<string>();
        foreach (var file in System.IO.Directory.GetFiles(Web, "*.es.resx", SearchOption.AllDirectories))
        {
            foreach (var (key, value) in Entries(file))
            {
                var keyHoles = Regex.Matches(key, @"\{\d\}").Select(m => m.Value).Order().Distinct();
                var valueHoles = Regex.Matches(value, @"\{\d\}").Select(m => m.Value).Order().Distinct();
                if (string.IsNullOrWhiteSpace(value) || !keyHoles.SequenceEqual(valueHoles))
                {
                    wrong.Add($"{Path.GetFileName(file)}: \"{key}\" → \"{value}\"");
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
    }

    [Fact]
    public void Localization_field_errors_of_the_one_validator_are_said_in_spanish_and_unknown_texts_stay_as_written()
    {
        var factory = new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance);
        var v = factory.Create(typeof(ValidationText));
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo("es");
            Assert.Equal("Su nombre: este dato es obligatorio.", v.Say("Your name is required."));
            Assert.Equal("Escriba una dirección de correo como nombre@ejemplo.org.", v.Say("Enter an e-mail address such as name@example.org."));
            Assert.Equal("Su nombre debe tener como máximo 100 caracteres (tiene 140).", v.Say("Your name must be at most 100 characters (it has 140)."));
            Assert.Equal("Se enviaron demasiados formularios desde su dirección de red. Inténtelo de nuevo en 30 segundos; no se envió ni se cambió nada.",
                v.Say("Too many forms were sent from your network address. Try again in 30 seconds; nothing was sent or changed."));
            Assert.Equal("A message nobody translated.", v.Say("A message nobody translated."));

            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo("en");
            Assert.Equal("Your name is required.", v.Say("Your name is required."));
        }
        finally
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = before;
        }
    }

    /// <summary>Localizer names a page can use and their markers: its own @inject lines and those of the _Imports.razor above it.</summary>
    private static Dictionary<string, string> LocalizersOf(string page)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        var files = new List<string> { page };
        for (var dir = Path.GetDirectoryName(page); dir is not null && dir.StartsWith(Web, StringComparison.Ordinal); dir = Path.GetDirectoryName(dir))
        {
            files.Add(Path.Combine(dir, "_Imports.razor"));
        }

        foreach (var file in files.Where(File.Exists))
        {
            foreach (Match m in Regex.Matches(File.ReadAllText(file), @"@inject\s+IStringLocalizer<([\w.]+)>\s+(\w+)"))
            {
                found.TryAdd(m.Groups[2].Value, m.Groups[1].Value.Split('.')[^1]);
            }
        }

        return found;
    }

    private static readonly Dictionary<string, Dictionary<string, string>> Resources = [];

    private static Dictionary<string, string> SpanishOf(string marker)
    {
        if (!Resources.TryGetValue(marker, out var entries))
        {
            var file = System.IO.Directory.GetFiles(Web, marker + ".es.resx", SearchOption.AllDirectories).Single();
            entries = Entries(file).ToDictionary(e => e.Key, e => e.Value, StringComparer.OrdinalIgnoreCase);
            Resources[marker] = entries;
        }

        return entries;
    }

    private static IEnumerable<(string Key, string Value)> Entries(string file) =>
        XDocument.Load(file).Root!.Elements("data").Select(d => ((string)d.Attribute("name")!, (string?)d.Element("value") ?? string.Empty));

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ConnectedCalifornia.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The checkout (ConnectedCalifornia.sln) was not found above the test binaries.");
    }
}
