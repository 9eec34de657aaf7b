namespace ConnectedCalifornia.Web.Components.Pages.Joining;

/// <summary>
/// The texts of joining the network (the public application, its status page, claiming a listing). The English
/// text is the key; <c>JoiningText.es.resx</c> beside this file holds the Spanish (see docs/localization.md).
/// </summary>
public sealed class JoiningText;
