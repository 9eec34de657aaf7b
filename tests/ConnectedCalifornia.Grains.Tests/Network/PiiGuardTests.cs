namespace ConnectedCalifornia.Network.Tests;

/// <summary>The PII guard on its own: what each detector finds, in English and Spanish, and the ordinary text it leaves alone.</summary>
public sealed class PiiGuardTests
{
    [Theory]
    [InlineData("Call her at (559) 555-0199 after 5.")]
    [InlineData("cell 559-555-0199")]
    [InlineData("Her number is 559.555.0199")]
    [InlineData("+1 559 555 0199 (mobile)")]
    [InlineData("Llamar al 559 555 0199 por la tarde.")]
    [InlineData("Su celular: (209) 555-0143")]
    [InlineData("text 555-0199 only")]
    [InlineData("5595550199")]
    [InlineData("Su número en México: +52 55 1234 5678")]
    public void Finds_phone_numbers(string text) => Assert.Contains(PiiKind.PhoneNumber, PiiGuard.Find(text));

    [Theory]
    [InlineData("Reach her at jane.doe99@example.com")]
    [InlineData("correo: maria_lopez@correo.mx")]
    [InlineData("JANE+shelter@mail.example.org is safe to use")]
    public void Finds_email_addresses(string text) => Assert.Contains(PiiKind.EmailAddress, PiiGuard.Find(text));

    [Theory]
    [InlineData("SSN 123-45-6789")]
    [InlineData("her social is 123 45 6789")]
    [InlineData("Social security number: 123456789")]
    [InlineData("SSN ending in 6789")]
    [InlineData("Número de seguro social 123-45-6789")]
    [InlineData("seguro social: 123456789")]
    public void Finds_social_security_numbers(string text) => Assert.Contains(PiiKind.SocialSecurityNumber, PiiGuard.Find(text));

    [Theory]
    [InlineData("Jane Doe DOB 04/12/2009")]
    [InlineData("DOB 4/12/09")]
    [InlineData("D.O.B.: 2009-04-12")]
    [InlineData("born 2009-04-12 in Fresno")]
    [InlineData("born on April 12, 2009")]
    [InlineData("date of birth 12 April 2009")]
    [InlineData("Fecha de nacimiento: 12/04/2009")]
    [InlineData("nació el 12 de abril de 2009")]
    [InlineData("nacida 12-04-2009")]
    public void Finds_dates_of_birth(string text) => Assert.Contains(PiiKind.DateOfBirth, PiiGuard.Find(text));

    [Theory]
    [InlineData("Jane, 16")]
    [InlineData("Jane, 16, needs a bed tonight.")]
    [InlineData("Jane (16) and her brother")]
    [InlineData("Jane is 16 and afraid to go home.")]
    [InlineData("Jane Doe, age 16, speaks Spanish.")]
    [InlineData("The 16-year-old Jane arrived at 9.")]
    [InlineData("Youth: Marcus, 15 years old")]
    [InlineData("María tiene 16 años.")]
    [InlineData("Ana, de 15 años, necesita una cama.")]
    [InlineData("joven de 17 años llamada Lupita")]
    public void Finds_ages_next_to_names(string text) => Assert.Contains(PiiKind.AgeWithName, PiiGuard.Find(text));

    [Theory]
    [InlineData("She stays at 12 Canary Lane.")]
    [InlineData("1600 W. Shaw Ave, apt 3")]
    [InlineData("pick up at 455 5th St")]
    [InlineData("2201 North Blackstone Boulevard")]
    [InlineData("Vive en Calle Canario 12, Fresno.")]
    [InlineData("Avenida Reforma #45")]
    [InlineData("1200 Calle Canario")]
    [InlineData("mail to PO Box 1234")]
    public void Finds_street_addresses(string text) => Assert.Contains(PiiKind.StreetAddress, PiiGuard.Find(text));

    [Theory]
    [InlineData("plate 7CNRY7F")]
    [InlineData("Abuser drives a gray Civic, license plate 1ABC234.")]
    [InlineData("7cnry7f plate, silver truck")]
    [InlineData("placa 6XYZ123")]
    [InlineData("Su carro tiene placas 4KLM567.")]
    [InlineData("driver's license D1234567")]
    public void Finds_vehicle_plates(string text) => Assert.Contains(PiiKind.VehiclePlate, PiiGuard.Find(text));

    [Theory]
    [InlineData("Jane prefers a female advocate.", "Jane Canary")]
    [InlineData("CANARY asked about her dog.", "Jane Canary")]
    [InlineData("Met jane canary at intake.", "Jane Canary")]
    [InlineData("María llamó ayer.", "Maria de la Cruz")]
    [InlineData("Message @janecanary on Signal", "@janecanary")]
    public void Finds_names_given_in_the_consented_details(string text, string consented) =>
        Assert.Contains(PiiKind.ConsentedDetail, PiiGuard.Find(text, [consented]));

    [Theory]
    [InlineData("Janet arrived.", "Jane Canary")] // a whole word only
    [InlineData("Canaryville is on the way.", "Jane Canary")]
    [InlineData("Met with the family at noon.", "Maria de la Cruz")] // particles alone do not match
    public void Consented_names_match_whole_words_only(string text, string consented) =>
        Assert.DoesNotContain(PiiKind.ConsentedDetail, PiiGuard.Find(text, [consented]));

    [Fact]
    public void The_audit_canary_finds_every_kind()
    {
        var kinds = PiiGuard.Find("Jane Doe DOB 04/12/2009, (559) 555-0199, SSN 123-45-6789, 12 Canary Lane, plate 7CNRY7F, jane@example.com", ["Jane Doe"]);
        Assert.Equal(
            [PiiKind.PhoneNumber, PiiKind.EmailAddress, PiiKind.SocialSecurityNumber, PiiKind.DateOfBirth, PiiKind.StreetAddress, PiiKind.VehiclePlate, PiiKind.ConsentedDetail],
            kinds.ToArray());
    }

    /// <summary>What coordinators write every day must pass untouched.</summary>
    [Theory]
    [InlineData("Needs a safe bed tonight and a Spanish-speaking advocate.")]
    [InlineData("Necesita una cama segura esta noche y una intercesora que hable español.")]
    [InlineData("Open 5-11 PM; intake closes at 10:30.")]
    [InlineData("Shift 7:00-15:00, briefing at 06:45 in room 3.")]
    [InlineData("3 beds open at Bright Orchard, 2 held for the operation.")]
    [InlineData("Quedan 3 camas; 2 apartadas para la operación.")]
    [InlineData("We expect 12 people, ages 12-17, two speak Mixteco.")]
    [InlineData("Youth aged 18+ only; 18 and older go to the adult site.")]
    [InlineData("Bright Orchard takes ages 12 to 17.")]
    [InlineData("Harbor House has room for a 16-year-old.")]
    [InlineData("A 16 year old girl, Spanish speaker, afraid to go home.")]
    [InlineData("Two siblings, ages 3 and 5, with their mother.")]
    [InlineData("Training on AB 2207 and SB 1279 moved to Friday.")]
    [InlineData("Statute update: AB2207 and SB1279 in effect since 2024.")]
    [InlineData("Reviewed in 2025; next review 2026.")]
    [InlineData("Operation debrief on 12/15/2026 at 2 PM.")]
    [InlineData("Follow up on referral RF-7K3Q9M2D and RF-4HX2P9WQ.")]
    [InlineData("Linked operation fresno-motel-sweep-7k3q, standby req-2 answered.")]
    [InlineData("National DV Hotline 1-800-799-7233 shared with everyone.")]
    [InlineData("Línea nacional 1-888-373-7888, disponible 24/7.")]
    [InlineData("Police will meet us at the 3rd floor; bring 20 hygiene kits.")]
    [InlineData("Advocates: 4 from Harbor House, 2 from Valley Crisis Center.")]
    [InlineData("Fresno County, 16 beds across 3 sites.")]
    [InlineData("Status: 5 of 8 tasks done.")]
    [InlineData("Plates and cups for 40 people at the staging area.")]
    [InlineData("License renewal for the shelter is due in 2027.")]
    [InlineData("Staff must hold a current license; 3 of 5 do.")]
    [InlineData("Meet on the way to the staging area at 5.")]
    [InlineData("Room 204, 2nd floor, after 9.")]
    [InlineData("Held 2 minors beds until 11:59 PM.")]
    [InlineData("Contact the lead agency through the task force page.")]
    [InlineData("Bed count is 16.")]
    [InlineData("On Monday, 16 advocates stood by.")]
    [InlineData("El lunes, 16 intercesoras estuvieron de guardia.")]
    [InlineData("Costs $1,250.00 for 25 hotel nights.")]
    [InlineData("Case 2026-000123 closed.")]
    public void Leaves_ordinary_coordination_text_alone(string text) => Assert.Empty(PiiGuard.Find(text));

    [Fact]
    public void Messages_name_the_kind_and_where_identity_belongs_never_the_text()
    {
        var text = "Call (559) 555-0199";
        var referral = Assert.Single(PiiGuard.Messages(text, PiiField.Referral));
        Assert.Equal("This looks like a phone number. Survivor contact details go in the consented details section.", referral);

        var notice = Assert.Single(PiiGuard.Messages(text, PiiField.TaskForceNotice));
        Assert.StartsWith("This looks like a phone number. A task-force notice must not identify a survivor", notice, StringComparison.Ordinal);

        foreach (var kind in Enum.GetValues<PiiKind>())
        {
            foreach (var field in new[] { PiiField.Referral, PiiField.TaskForceNotice, PiiField.OperationTimeline, PiiField.OperationStandby, PiiField.OperationAssignment, PiiField.OperationReviewItem })
            {
                var message = PiiGuard.Message(kind, field);
                Assert.DoesNotContain("555", message, StringComparison.Ordinal);
                Assert.EndsWith(".", message, StringComparison.Ordinal);
            }
        }

        Assert.Empty(PiiGuard.Messages(null, PiiField.Referral));
        Assert.Empty(PiiGuard.Messages("   ", PiiField.Referral));
    }
}
