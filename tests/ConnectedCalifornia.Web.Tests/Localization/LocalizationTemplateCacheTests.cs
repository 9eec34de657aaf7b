using ConnectedCalifornia.Web.Components.Shared;
using ConnectedCalifornia.Web.Localization;
using ConnectedCalifornia.Web.Tests.Infrastructure;

namespace ConnectedCalifornia.Web.Tests.Localization;

/// <summary>
/// <see cref="TextTemplates.Say"/> remembers what a composed text was said as (per localizer and culture, up to
/// <see cref="TextTemplates.MaxRemembered"/> texts): the answers stay the same before and past that bound, in each
/// language, and a text said first in English is not answered in English for Spanish afterwards.
/// </summary>
public sealed class LocalizationTemplateCacheTests
{
    [Fact]
    public void Localization_composed_texts_are_said_the_same_before_and_past_the_remembered_bound()
    {
        // As pages have it (IStringLocalizer<T>): the kind of localizer whose texts are remembered.
        var v = TestCulture.Localizer<ValidationText>();
        using (TestCulture.Use("en"))
        {
            Assert.Equal("Your name must be at most 100 characters (it has 7001).", v.Say("Your name must be at most 100 characters (it has 7001)."));
        }

        using var spanish = TestCulture.Use("es");
        for (var round = 0; round < 2; round++)
        {
            for (var n = 7001; n < 7001 + TextTemplates.MaxRemembered + 500; n++)
            {
                Assert.Equal($"Su nombre debe tener como máximo 100 caracteres (tiene {n}).", v.Say($"Your name must be at most 100 characters (it has {n})."));
            }
        }

        Assert.Equal("A message nobody translated.", v.Say("A message nobody translated."));
        Assert.Equal("A message nobody translated.", v.Say("A message nobody translated."));
    }
}
