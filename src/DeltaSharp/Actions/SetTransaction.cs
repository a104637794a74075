namespace DeltaSharp.Actions;

/// <summary>An application transaction identifier (<c>txn</c> action): the latest version an app committed.</summary>
/// <param name="AppId">The application's unique id.</param>
/// <param name="Version">The application-specific version.</param>
/// <param name="LastUpdated">When the action was written (milliseconds since the Unix epoch), or null.</param>
public sealed record SetTransaction(string AppId, long Version, long? LastUpdated);
