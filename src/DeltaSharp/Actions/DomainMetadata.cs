namespace DeltaSharp.Actions;

/// <summary>A <c>domainMetadata</c> action: configuration of one named metadata domain.</summary>
/// <param name="Domain">The domain name (e.g. <c>delta.clustering</c>).</param>
/// <param name="Configuration">The domain's configuration, an opaque string (usually JSON).</param>
/// <param name="Removed">True when the action removes the domain (a tombstone).</param>
public sealed record DomainMetadata(string Domain, string Configuration, bool Removed);
