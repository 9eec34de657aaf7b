using ConnectedCalifornia.Directory;

namespace ConnectedCalifornia.Grains.Tests.Directory;

/// <summary>How language codes from partner systems read as the network's own (ISO 639-1 where there is one, else 639-3).</summary>
public sealed class LanguageCodesTests
{
    private static readonly HashSet<string> Network = [.. Taxonomy.Languages.Select(t => t.Code)];

    [Theory]
    [InlineData("es", "es")]
    [InlineData("spa", "es")] // ISO 639-2/T and 639-3
    [InlineData("ES-mx", "es")] // BCP 47, any case
    [InlineData("vie", "vi")]
    [InlineData("chi", "zh")] // ISO 639-2/B
    [InlineData("zho", "zh")]
    [InlineData("cmn", "zh")] // an individual language of the macrolanguage
    [InlineData("yue", "zh")]
    [InlineData("zh_Hant_TW", "zh")]
    [InlineData("per", "fa")]
    [InlineData("arm", "hy")]
    [InlineData("fil", "tl")]
    [InlineData("tgl", "tl")]
    [InlineData("pnb", "pa")]
    [InlineData("hmn", "hmn")] // the network's own 639-3 codes stay as they are
    [InlineData("mww", "hmn")]
    [InlineData("ase", "ase")]
    [InlineData(" kor ", "ko")]
    public void A_code_in_another_ISO_639_form_resolves_to_the_networks_language(string given, string expected) =>
        Assert.Equal(expected, LanguageCodes.Resolve(given, Network.Contains));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("tlh")]
    [InlineData("xx-YY")]
    [InlineData("por")] // a real language the network does not list (until curators add it)
    public void A_code_for_no_language_of_the_network_resolves_to_nothing(string? given) =>
        Assert.Null(LanguageCodes.Resolve(given, Network.Contains));

    [Fact]
    public void A_language_curators_add_is_found_by_its_three_letter_code_too() =>
        Assert.Equal("pt", LanguageCodes.Resolve("por", new HashSet<string>(Network) { "pt" }.Contains));
}
