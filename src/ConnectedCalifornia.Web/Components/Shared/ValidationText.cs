namespace ConnectedCalifornia.Web.Components.Shared;

/// <summary>
/// The field errors and refusals people see (written in English by the grains' one <c>FieldValidator</c> and the
/// services). Pages say them with <c>IStringLocalizer&lt;ValidationText&gt;.Say(message)</c>: exact messages and
/// templates such as "{0} is required." live in <c>ValidationText.es.resx</c> (see docs/localization.md).
/// </summary>
public sealed class ValidationText;
