using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Web.Components.Pages.Joining;
using ConnectedCalifornia.Web.Components.Shared;
using ConnectedCalifornia.Web.Localization;
using ConnectedCalifornia.Web.Tests.Infrastructure;

namespace ConnectedCalifornia.Web.Tests.Localization;

/// <summary>
/// Texts of the joining pages that the source scan of <see cref="LocalizationResourceTests"/> cannot see, because
/// code picks them: the status chip of every state (also "Withdrawn") and the grain's refusals of a withdrawal, said
/// in Spanish.
/// </summary>
public sealed class JoinStatusLocalizationTests
{
    [Fact]
    public void Localization_every_join_status_chip_has_its_spanish_text()
    {
        var t = TestCulture.Localizer<JoiningText>();
        using var spanish = TestCulture.Use("es");
        var missing = Enum.GetValues<JoinRequestStatus>()
            .Select(Join.StatusText)
            .Append("Waiting for you to confirm your address")
            .Where(text => t[text].ResourceNotFound)
            .ToList();
        Assert.True(missing.Count == 0, "No Spanish for: " + string.Join(" | ", missing));
        Assert.Equal("Retirada", t[Join.StatusText(JoinRequestStatus.Withdrawn)].Value);
    }

    [Fact]
    public void Localization_a_refused_withdrawal_is_said_in_spanish()
    {
        var v = TestCulture.Localizer<ValidationText>();
        using var spanish = TestCulture.Use("es");
        Assert.Equal("Esta solicitud ya no se puede retirar: está aprobada.", v.Say("This application cannot be withdrawn any more: it is approved."));
        Assert.Equal("Esta solicitud ya no se puede retirar: está retirada por quien la presentó.", v.Say("This application cannot be withdrawn any more: it is withdrawn by the applicant."));
    }
}
